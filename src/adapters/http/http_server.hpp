#pragma once
// The HTTP/1.1 server: accepts connections, reads requests within limits, passes those of
// another node's connections on to it, answers CORS preflights, authenticates bearer
// routes, and runs the matching handler. Each connection is a coroutine on one event loop.
// start/stop are called from the main thread.
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/http/connection_slots.hpp"
#include "adapters/http/cors.hpp"
#include "adapters/http/principal_resolver.hpp"
#include "adapters/http/request_forwarding.hpp"
#include "adapters/http/router.hpp"
#include "adapters/http/upgrade_handler.hpp"
#include "adapters/runtime/event_loops.hpp"
#include "app/ports/access_tokens.hpp"
#include "domain/result.hpp"

namespace chat::http {

struct HttpServerOptions {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 5000;
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_header_bytes = 16 * 1024;
  std::chrono::seconds request_timeout{30};
  std::chrono::seconds idle_timeout{60};
  // From a request's first byte to the end of its headers: a client that trickles them is
  // closed after seconds, not after the idle timeout.
  std::chrono::seconds header_timeout{10};
  // Lowered at start to fit the process's file descriptor limit.
  std::size_t max_connections = 100000;
  std::size_t max_connections_per_address = 1000;  // 0: no limit; trusted proxies are exempt
  // Load balancers whose X-Forwarded-For names the client (see forwarded_client.hpp).
  std::vector<std::string> trusted_proxies;
  // Counts its requests in metrics::serverMetrics().http under its router's route names
  // (only one server may: the routes are numbered for one router).
  bool count_requests = true;
};

class HttpServer {
 public:
  HttpServer(runtime::EventLoops& loops, const Router& router, const CorsPolicy& cors,
             AccessTokens& access_tokens, HttpServerOptions options);

  void setUpgradeHandler(UpgradeHandler* handler) { upgrade_handler_ = handler; }
  // Completes the principals of identity providers' tokens (--jwt-public-keys).
  void setPrincipalResolver(PrincipalResolver* principals) { principals_ = principals; }
  // Requests it names another node for are passed on there, connection and all.
  void setRequestForwarding(const RequestForwarding* forwarding) { forwarding_ = forwarding; }
  // Binds and listens; returns the port (the chosen one when asked for port 0).
  Result<std::uint16_t> listen();
  void start();
  // Stops accepting. Requests already being handled finish.
  void stop();
  std::size_t requestsInFlight() const { return in_flight_.load(); }
  std::size_t openConnections() const { return slots_.open(); }

 private:
  boost::asio::awaitable<void> acceptLoop();
  // Whether the accept failed for want of descriptors or memory, after waiting for some to
  // be freed: retrying at once would only spin.
  boost::asio::awaitable<bool> backedOff(const boost::system::error_code& ec);
  boost::asio::awaitable<void> serve(boost::asio::ip::tcp::socket socket,
                                     ConnectionSlots::Slot slot, std::string peer_address);
  boost::asio::awaitable<Response> respond(const Request& request,
                                           const std::string& client_address);

  runtime::EventLoops& loops_;
  const Router& router_;
  const CorsPolicy& cors_;
  AccessTokens& access_tokens_;
  HttpServerOptions options_;
  UpgradeHandler* upgrade_handler_ = nullptr;
  PrincipalResolver* principals_ = nullptr;
  const RequestForwarding* forwarding_ = nullptr;
  std::optional<boost::asio::ip::tcp::acceptor> acceptor_;
  ConnectionSlots slots_;
  std::atomic<std::size_t> in_flight_{0};
  bool accept_failing_ = false;                               // accept loop only
  std::chrono::steady_clock::time_point next_refusal_log_{};  // accept loop only
};

}  // namespace chat::http
