#pragma once
// The SignalR hub at /MessageHub: negotiate (a REST route), the transports' requests
// (a WebSocket upgrade or a Server-Sent Events stream, both taken over from HTTP; long
// polls, sends by POST and DELETE, as routes), authenticated by bearer header or
// access_token query and origin-checked, and shutdown. Built by the composition root
// before the loops start.
//
// A connection lives on the loop of the request that opened it; a later request of the
// same connection (a poll, a send, a stateful WebSocket's resume) may arrive on any loop
// and hops to the connection's.
#include <memory>
#include <optional>
#include <vector>

#include "adapters/http/principal_resolver.hpp"
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

class HubConnection;

class HubEndpoint final : public http::UpgradeHandler {
 public:
  HubEndpoint(LoopShards& shards, HubServices& services, AccessTokens& access_tokens,
              Secrets& secrets, NegotiateTokens& tokens);
  static LoopShards makeShards(runtime::EventLoops& loops, HubHistory& history,
                               const HubOptions& options);
  // Mounts POST /MessageHub/negotiate and GET, POST and DELETE /MessageHub. A null hub
  // only lists them.
  static void mountRoutes(http::Router& router, HubEndpoint* hub);

  void start();  // heartbeats; call once the loops run
  // Drains every connection: a Close (clients may reconnect) once its accepted sends are
  // acknowledged.
  void drainAll();

  // Completes the principals of identity providers' tokens (--jwt-public-keys).
  void setPrincipalResolver(http::PrincipalResolver* principals) { principals_ = principals; }

  bool takesOver(const http::Request& request, std::string_view path) const override;
  void upgrade(boost::beast::tcp_stream stream, http::Request request, std::string client_address,
               http::ConnectionSlots::Slot slot) override;

 private:
  // What a transport request is for: a new connection (its id and whether it may be
  // resumed), or one this node holds.
  struct Target {
    std::shared_ptr<HubConnection> existing;
    std::string connection_id;
    std::string token;  // the id the client sends; empty with skipNegotiation
  };

  boost::asio::awaitable<http::Response> negotiate(http::RequestContext& ctx);
  boost::asio::awaitable<void> accept(boost::beast::tcp_stream stream, http::Request request,
                                      std::string client_address, http::ConnectionSlots::Slot slot);
  boost::asio::awaitable<std::shared_ptr<HubConnection>> acceptWebSocket(
      boost::beast::tcp_stream stream, const http::Request& request, Principal principal,
      Target target, http::ConnectionSlots::Slot slot);
  boost::asio::awaitable<void> resumeWebSocket(boost::beast::tcp_stream stream,
                                               http::Request request,
                                               std::shared_ptr<HubConnection> connection,
                                               http::ConnectionSlots::Slot slot);
  std::shared_ptr<HubConnection> acceptEventStream(boost::beast::tcp_stream stream,
                                                   const http::Request& request,
                                                   Principal principal, const Target& target,
                                                   http::ConnectionSlots::Slot slot);

  // Long polling and the sends of both HTTP transports (hub_endpoint_polling.cpp).
  boost::asio::awaitable<http::Response> poll(http::RequestContext& ctx);
  boost::asio::awaitable<http::Response> post(http::RequestContext& ctx);
  boost::asio::awaitable<http::Response> remove(http::RequestContext& ctx);

  // An identity provider's principal completed with its account here (or the refusal).
  boost::asio::awaitable<Result<Principal>> completed(Result<Principal> principal,
                                                      std::optional<http::Response>& refusal) const;
  // The principal of a transport request, or the response that refuses it.
  Result<Principal> authenticateTransport(const http::RequestContext& ctx,
                                          std::optional<http::Response>& refusal) const;
  // The live connection a POST or DELETE names, if the request's user holds it; else null
  // and the refusal (401, 400 without an id, 404).
  std::shared_ptr<HubConnection> ownConnection(const http::RequestContext& ctx,
                                               std::optional<http::Response>& refusal);
  // The connection `id` names for `principal`: one held here, a new one for a token
  // negotiated and not yet used, or the status that refuses it (404 unknown, 204 ended).
  Result<Target> resolve(const std::string* id, const http::RequestContext& ctx,
                         const Principal& principal, http::Status& refusal);
  // Counts a new connection against its user's limit, on every node.
  boost::asio::awaitable<std::optional<http::Response>> admit(const Principal& principal);
  std::shared_ptr<HubConnection> open(LoopShard& shard, Principal principal, const Target& target,
                                      bool stateful);
  static boost::asio::awaitable<bool> admittedAcrossNodes(UserConnections& users, UserId user);
  bool originAllowed(const http::Request& request) const;
  bool offers(std::string_view transport) const;
  LoopShard& shardOf(const boost::asio::any_io_executor& executor);

  LoopShards& shards_;
  HubServices& services_;
  AccessTokens& access_tokens_;
  Secrets& secrets_;
  http::PrincipalResolver* principals_ = nullptr;
  NegotiateTokens& tokens_;
};

}  // namespace chat::signalr
