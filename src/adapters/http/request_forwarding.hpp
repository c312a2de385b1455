#pragma once
// Requests that belong to another node of the cluster. A protocol whose connection lives on
// one node (the SignalR hub's) names, for each request, the node that holds it; the HTTP
// server then passes the client's TCP connection on to that node (node_tunnel.hpp) instead
// of serving it. Implementations are called on any event loop at once: const, thread-safe.
#include <optional>
#include <string>
#include <string_view>

#include "adapters/http/http_types.hpp"

namespace chat::http {

// Where another node listens: a host name or an address, and a port.
struct ForwardTarget {
  std::string host;
  std::string port;

  // The target of a node URL, `http://host:port` (port 80 when left out; a trailing '/'
  // allowed); nullopt for anything else: another scheme, a path, a query, user info.
  static std::optional<ForwardTarget> fromNodeUrl(std::string_view url);
  std::string describe() const;  // host:port, as a log line shows it

  bool operator==(const ForwardTarget&) const = default;
};

class RequestForwarding {
 public:
  virtual ~RequestForwarding() = default;
  // The node to pass the connection on to, when `request` belongs to another node;
  // nullopt when it is served here.
  virtual std::optional<ForwardTarget> forwardTarget(const Request& request) const = 0;
};

}  // namespace chat::http
