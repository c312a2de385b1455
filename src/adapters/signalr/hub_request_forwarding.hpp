#pragma once
// Which node serves a request for a hub connection: the one that issued the connection's
// negotiate token, and so holds it. A request for /MessageHub (the transports' GETs, POSTs
// and DELETEs, and WebSockets opened again with the same id) whose `id` is a token another
// node issued is passed on to that node; everything else, including negotiate, is served
// here. Without a URL of this node's own nothing is passed on. Thread-safe (const).
#include <optional>
#include <string>

#include "adapters/http/request_forwarding.hpp"
#include "adapters/signalr/negotiate_tokens.hpp"

namespace chat::signalr {

class HubRequestForwarding final : public http::RequestForwarding {
 public:
  // `own_node_url`: this node's --node-url, as it signs it into the tokens it issues.
  HubRequestForwarding(const NegotiateTokens& tokens, std::string own_node_url)
      : tokens_(tokens), own_node_url_(std::move(own_node_url)) {}

  std::optional<http::ForwardTarget> forwardTarget(const http::Request& request) const override;

 private:
  const NegotiateTokens& tokens_;
  std::string own_node_url_;
};

}  // namespace chat::signalr
