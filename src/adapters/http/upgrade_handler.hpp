#pragma once
// A protocol that takes a connection over from HTTP: the SignalR hub's WebSockets, and its
// Server-Sent Events streams, which hold the connection for as long as they last.
#include <boost/beast/core/tcp_stream.hpp>
#include <string>
#include <string_view>

#include "adapters/http/connection_slots.hpp"
#include "adapters/http/http_types.hpp"

namespace chat::http {

class UpgradeHandler {
 public:
  virtual ~UpgradeHandler() = default;
  // Whether `request` (for `path`, its target's path) is one this handler takes over.
  virtual bool takesOver(const Request& request, std::string_view path) const = 0;
  // Owns the stream from now on, and the connection's slot for as long as it lasts.
  // Called on the connection's event loop.
  virtual void upgrade(boost::beast::tcp_stream stream, Request request, std::string client_address,
                       ConnectionSlots::Slot slot) = 0;
};

}  // namespace chat::http
