#include "adapters/signalr/hub_endpoint.hpp"

#include <spdlog/spdlog.h>
#include <boost/algorithm/string/predicate.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "adapters/http/bearer_auth.hpp"
#include "adapters/http/responses.hpp"
#include "adapters/signalr/hub_connection.hpp"

namespace chat::signalr {

namespace asio = boost::asio;
namespace beast = boost::beast;
using http::Response;
using http::Status;

namespace {

constexpr std::string_view kHubPath = "/MessageHub";

boost::json::array webSocketsOnly() {
  return {boost::json::object{{"transport", "WebSockets"},
                              {"transferFormats", boost::json::array{"Text", "Binary"}}}};
}

}  // namespace

HubEndpoint::HubEndpoint(LoopShards& shards, HubServices& services, AccessTokens& access_tokens,
                         Secrets& secrets, NegotiateTokens& tokens)
    : shards_(shards),
      services_(services),
      access_tokens_(access_tokens),
      secrets_(secrets),
      tokens_(tokens) {}

LoopShards HubEndpoint::makeShards(runtime::EventLoops& loops, HubHistory& history,
                                   const HubOptions& options) {
  LoopShards shards;
  for (std::size_t i = 0; i < loops.size(); ++i) {
    shards.push_back(std::make_unique<LoopShard>(loops.at(i), history, options.subscriptions));
  }
  return shards;
}

void HubEndpoint::mountRoutes(http::Router& router, HubEndpoint* hub) {
  router.add(http::Verb::post, std::string(kHubPath) + "/negotiate", http::Access::kBearer,
             [hub](http::RequestContext& ctx) { return hub->negotiate(ctx); });
  router.add(http::Verb::get, std::string(kHubPath), http::Access::kPublic,
             [](http::RequestContext&) -> asio::awaitable<Response> {
               co_return http::errorResponse(Status::bad_request,
                                             "Only the WebSockets transport is supported: upgrade");
             });
}

void HubEndpoint::start() {
  for (auto& shard : shards_) {
    asio::post(shard->loop(), [shard = shard.get()] { shard->startHeartbeat(); });
  }
}

void HubEndpoint::closeAll() {
  for (auto& shard : shards_) {
    asio::post(shard->loop(), [shard = shard.get()] {
      shard->stopHeartbeat();
      shard->closeAll();
    });
  }
}

bool HubEndpoint::takesOver(const http::Request& request, std::string_view path) const {
  return boost::algorithm::iequals(path, kHubPath) && beast::websocket::is_upgrade(request);
}

asio::awaitable<Response> HubEndpoint::negotiate(http::RequestContext& ctx) {
  const std::string* version = ctx.queryValue("negotiateversion");
  const bool v1 = version && *version != "0";
  std::string connection_id = secrets_.randomToken();
  std::string token =
      tokens_.issue({connection_id, ctx.principal->user_id}, NegotiateTokens::Clock::now());
  // Version 0 clients (the original's @aspnet/signalr 1.1) send the id back as the token.
  if (!v1) connection_id = token;
  boost::json::object body{{"connectionId", connection_id},
                           {"availableTransports", webSocketsOnly()}};
  if (v1) {
    body["negotiateVersion"] = 1;
    body["connectionToken"] = token;
  }
  co_return http::jsonResponse(Status::ok, body);
}

bool HubEndpoint::originAllowed(const http::Request& request) const {
  const std::string_view origin = request[http::beast_http::field::origin];
  if (origin.empty()) return true;  // not a browser
  const std::string_view host = request[http::beast_http::field::host];
  for (std::string_view scheme : {"http://", "https://"}) {
    if (origin.size() == scheme.size() + host.size() && origin.starts_with(scheme) &&
        boost::algorithm::iequals(origin.substr(scheme.size()), host)) {
      return true;  // same origin
    }
  }
  const auto& allowed = services_.options.allowed_origins;
  return std::find(allowed.begin(), allowed.end(), origin) != allowed.end();
}

LoopShard& HubEndpoint::shardOf(beast::tcp_stream& stream) {
  auto& context = asio::query(stream.get_executor(), asio::execution::context);
  for (auto& shard : shards_) {
    if (&shard->loop() == &context) return *shard;
  }
  return *shards_.front();  // unreachable: every stream lives on one of the loops
}

// The cluster answers on its own thread; the upgrade goes on on the stream's.
asio::awaitable<bool> HubEndpoint::admittedAcrossNodes(UserConnections& users, UserId user) {
  return asio::async_initiate<decltype(asio::use_awaitable), void(bool)>(
      [&users, user](auto handler) {
        auto waiting = std::make_shared<decltype(handler)>(std::move(handler));
        users.admitAcrossNodes(user, [waiting](bool admitted) {
          auto executor = asio::get_associated_executor(*waiting);
          asio::post(executor, [waiting, admitted] { std::move (*waiting)(admitted); });
        });
      },
      asio::use_awaitable);
}

void HubEndpoint::upgrade(beast::tcp_stream stream, http::Request request,
                          std::string client_address, http::ConnectionSlots::Slot slot) {
  auto executor = stream.get_executor();
  asio::co_spawn(
      executor,
      accept(std::move(stream), std::move(request), std::move(client_address), std::move(slot)),
      asio::detached);
}

asio::awaitable<void> HubEndpoint::accept(beast::tcp_stream stream, http::Request request,
                                          std::string client_address,
                                          http::ConnectionSlots::Slot slot) {
  // The HTTP server parsed this target already to route the upgrade here.
  auto parsed = http::makeRequestContext(request, client_address);
  if (!parsed) co_return;
  http::RequestContext& ctx = *parsed;

  std::optional<Response> refusal;
  auto principal = http::authenticate(ctx, access_tokens_, {.allow_query_token = true});
  std::string connection_id;
  if (!originAllowed(request)) {
    refusal = http::errorResponse(Status::forbidden, "Origin not allowed");
  } else if (!principal) {
    refusal = http::errorResponse(principal.error());
    refusal->set(http::beast_http::field::www_authenticate,
                 http::bearerChallenge(principal.error(), true));
  } else if (const std::string* id = ctx.queryValue("id")) {
    auto negotiated = tokens_.take(*id, ctx.client_address, NegotiateTokens::Clock::now());
    if (!negotiated || negotiated->user_id != principal->user_id) {
      refusal = http::errorResponse(Status::not_found, "No connection with this id");
    } else {
      connection_id = std::move(negotiated->connection_id);
    }
  } else {
    connection_id = secrets_.randomToken();  // skipNegotiation
  }
  if (!refusal) {
    UserConnections& users = services_.user_connections;
    bool admitted = users.tryAdd(principal->user_id);
    if (admitted) {
      admitted = co_await admittedAcrossNodes(users, principal->user_id);
      if (!admitted) users.remove(principal->user_id);
    }
    if (!admitted) {
      refusal = http::errorResponse(Error::rateLimited("Too many connections for this user", 5));
    }
  }
  if (refusal) {
    refusal->keep_alive(false);
    stream.expires_after(std::chrono::seconds(10));
    co_await http::beast_http::async_write(stream, *refusal, asio::as_tuple(asio::use_awaitable));
    co_return;
  }

  LoopShard& shard = shardOf(stream);
  HubConnection::WebSocket socket(std::move(stream));
  beast::get_lowest_layer(socket).expires_after(services_.options.handshake_timeout);
  auto [ec] = co_await socket.async_accept(request, asio::as_tuple(asio::use_awaitable));
  if (ec) {
    services_.user_connections.remove(principal->user_id);
    co_return;
  }
  beast::get_lowest_layer(socket).expires_never();
  auto connection =
      std::make_shared<HubConnection>(std::move(socket), std::move(principal).value(),
                                      std::move(connection_id), shard, services_, std::move(slot));
  connection->start();
  // A session that ended while this upgrade waited found no connection to close on the
  // shard: look again now that the connection is there.
  if (auto again = http::authenticate(ctx, access_tokens_, {.allow_query_token = true}); !again) {
    connection->close("Connection closed with an error. " + again.error().message + ".", false);
  }
}

}  // namespace chat::signalr
