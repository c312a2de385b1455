#pragma once
// The SignalR hub at /MessageHub: negotiate (a REST route), the WebSocket upgrade
// (authenticated by bearer header or access_token query, origin-checked), and shutdown.
// Built by the composition root before the loops start.
#include <memory>
#include <vector>

#include "adapters/http/router.hpp"
#include "adapters/http/upgrade_handler.hpp"
#include "adapters/runtime/event_loops.hpp"
#include "adapters/signalr/hub_history.hpp"
#include "adapters/signalr/hub_services.hpp"
#include "adapters/signalr/loop_shard.hpp"
#include "adapters/signalr/negotiate_tokens.hpp"
#include "app/ports/access_tokens.hpp"
#include "app/ports/secrets.hpp"

namespace chat::signalr {

class HubEndpoint final : public http::UpgradeHandler {
 public:
  HubEndpoint(LoopShards& shards, HubServices& services, AccessTokens& access_tokens,
              Secrets& secrets, NegotiateTokens& tokens);
  static LoopShards makeShards(runtime::EventLoops& loops, HubHistory& history,
                               const HubOptions& options);
  // Mounts POST /MessageHub/negotiate and GET /MessageHub. A null hub only lists them.
  static void mountRoutes(http::Router& router, HubEndpoint* hub);

  void start();     // heartbeats; call once the loops run
  void closeAll();  // Close message to every connection (clients may reconnect)

  bool takesOver(const http::Request& request, std::string_view path) const override;
  void upgrade(boost::beast::tcp_stream stream, http::Request request, std::string client_address,
               http::ConnectionSlots::Slot slot) override;

 private:
  boost::asio::awaitable<void> accept(boost::beast::tcp_stream stream, http::Request request,
                                      std::string client_address, http::ConnectionSlots::Slot slot);
  boost::asio::awaitable<http::Response> negotiate(http::RequestContext& ctx);
  static boost::asio::awaitable<bool> admittedAcrossNodes(UserConnections& users, UserId user);
  bool originAllowed(const http::Request& request) const;
  LoopShard& shardOf(boost::beast::tcp_stream& stream);

  LoopShards& shards_;
  HubServices& services_;
  AccessTokens& access_tokens_;
  Secrets& secrets_;
  NegotiateTokens& tokens_;
};

}  // namespace chat::signalr
