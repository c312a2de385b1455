// Negotiate and the transports taken over from HTTP: WebSockets (new, or a stateful
// connection resumed) and Server-Sent Events. Long polling and the sends by POST are in
// hub_endpoint_polling.cpp.
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
#include "adapters/metrics/server_metrics.hpp"
#include "adapters/signalr/hub_connection.hpp"
#include "adapters/signalr/sse_transport.hpp"
#include "adapters/signalr/websocket_transport.hpp"

namespace chat::signalr {

namespace asio = boost::asio;
namespace beast = boost::beast;
using http::Response;
using http::Status;

namespace {

constexpr std::string_view kHubPath = "/MessageHub";
constexpr std::size_t kMaxFrameBytes = 1024 * 1024;

boost::json::array transportsOffered(const std::vector<std::string>& names) {
  boost::json::array offered;
  for (const auto& name : names) {
    boost::json::array formats{"Text"};
    if (name != "ServerSentEvents") formats.emplace_back("Binary");  // SSE carries text only
    offered.push_back(boost::json::object{{"transport", name}, {"transferFormats", formats}});
  }
  return offered;
}

bool wantsEventStream(const http::Request& request) {
  return request.method() == http::Verb::get &&
         boost::algorithm::icontains(request[http::beast_http::field::accept], "text/event-stream");
}

// Answers a request whose stream was taken over from HTTP, and lets the stream close.
// `response` is an lvalue on purpose: GCC 12 destroys a temporary of a co_await expression
// twice, so callers pass a named local.
asio::awaitable<void> refuse(beast::tcp_stream& stream, Response& response) {
  response.keep_alive(false);
  stream.expires_after(std::chrono::seconds(10));
  co_await http::beast_http::async_write(stream, response, asio::as_tuple(asio::use_awaitable));
}

// The same socket on `loop`: the later transports of a connection join it on its own loop.
std::optional<beast::tcp_stream> moveToLoop(beast::tcp_stream stream, asio::io_context& loop) {
  auto socket = stream.release_socket();
  beast::error_code ec;
  const auto protocol = socket.local_endpoint(ec).protocol();
  if (ec) return std::nullopt;
  const auto handle = socket.release(ec);
  if (ec) return std::nullopt;
  return beast::tcp_stream(asio::ip::tcp::socket(loop, protocol, handle));
}

// CORS for an event stream a page of another allowed origin opens.
std::string corsHeaders(const http::Request& request) {
  const std::string_view origin = request[http::beast_http::field::origin];
  if (origin.empty()) return {};
  return "Access-Control-Allow-Origin: " + std::string(origin) +
         "\r\nAccess-Control-Allow-Credentials: true\r\nVary: Origin\r\n";
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
  const std::string path(kHubPath);
  router.add(http::Verb::post, path + "/negotiate", http::Access::kBearer,
             [hub](http::RequestContext& ctx) { return hub->negotiate(ctx); });
  // The transports authenticate themselves: a token may come in the query.
  router.add(http::Verb::get, path, http::Access::kPublic,
             [hub](http::RequestContext& ctx) { return hub->poll(ctx); });
  router.add(http::Verb::post, path, http::Access::kPublic,
             [hub](http::RequestContext& ctx) { return hub->post(ctx); });
  router.add(http::Verb::delete_, path, http::Access::kPublic,
             [hub](http::RequestContext& ctx) { return hub->remove(ctx); });
}

void HubEndpoint::start() {
  for (auto& shard : shards_) {
    asio::post(shard->loop(), [shard = shard.get()] { shard->startHeartbeat(); });
  }
}

void HubEndpoint::drainAll() {
  for (auto& shard : shards_) {
    asio::post(shard->loop(), [shard = shard.get()] {
      shard->stopHeartbeat();
      shard->drainAll();
    });
  }
}

bool HubEndpoint::takesOver(const http::Request& request, std::string_view path) const {
  if (!boost::algorithm::iequals(path, kHubPath)) return false;
  return beast::websocket::is_upgrade(request) || wantsEventStream(request);
}

bool HubEndpoint::offers(std::string_view transport) const {
  const auto& offered = services_.options.transports;
  return std::find(offered.begin(), offered.end(), transport) != offered.end();
}

asio::awaitable<Response> HubEndpoint::negotiate(http::RequestContext& ctx) {
  const std::string* version = ctx.queryValue("negotiateversion");
  const bool v1 = version && *version != "0";
  const std::string* stateful = ctx.queryValue("usestatefulreconnect");
  std::string connection_id = secrets_.randomToken();
  std::string token =
      tokens_.issue({connection_id, ctx.principal->user_id}, NegotiateTokens::Clock::now());
  // Version 0 clients (the original's @aspnet/signalr 1.1) send the id back as the token.
  if (!v1) connection_id = token;
  boost::json::object body{
      {"connectionId", connection_id},
      {"availableTransports", transportsOffered(services_.options.transports)}};
  if (v1) {
    body["negotiateVersion"] = 1;
    body["connectionToken"] = token;
    // Only when asked: a client that did not ask refuses a server that offers it.
    if (stateful && *stateful == "true" && services_.options.stateful_reconnect_bytes > 0 &&
        offers("WebSockets")) {
      body["useStatefulReconnect"] = true;
    }
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

LoopShard& HubEndpoint::shardOf(const asio::any_io_executor& executor) {
  auto& context = asio::query(executor, asio::execution::context);
  for (auto& shard : shards_) {
    if (&shard->loop() == &context) return *shard;
  }
  return *shards_.front();  // unreachable: every request runs on one of the loops
}

asio::awaitable<Result<Principal>> HubEndpoint::completed(Result<Principal> principal,
                                                          std::optional<Response>& refusal) const {
  if (!principal || principal->user_id != 0 || principals_ == nullptr) co_return principal;
  Principal named = std::move(principal).value();
  auto resolved = co_await principals_->resolve(std::move(named));
  if (!resolved) refusal = http::errorResponse(resolved.error());
  co_return resolved;
}

Result<Principal> HubEndpoint::authenticateTransport(const http::RequestContext& ctx,
                                                     std::optional<Response>& refusal) const {
  if (!originAllowed(ctx.request)) {
    refusal = http::errorResponse(Status::forbidden, "Origin not allowed");
    return Error::forbidden("Origin not allowed");
  }
  auto principal = http::authenticate(ctx, access_tokens_, {.allow_query_token = true});
  if (!principal) {
    refusal = http::errorResponse(principal.error());
    refusal->set(http::beast_http::field::www_authenticate,
                 http::bearerChallenge(principal.error(), true));
  }
  return principal;
}

Result<HubEndpoint::Target> HubEndpoint::resolve(const std::string* id,
                                                 const http::RequestContext& ctx,
                                                 const Principal& principal, Status& refusal) {
  if (id == nullptr) return Target{nullptr, secrets_.randomToken(), {}};  // skipNegotiation
  auto found = services_.registry.find(*id);
  if (found.connection) {
    if (found.connection->principal().user_id == principal.user_id) {
      return Target{std::move(found.connection), {}, *id};
    }
  } else if (found.ended) {
    refusal = Status::no_content;
    return Error::notFound("The connection has ended");
  } else if (auto negotiated = tokens_.take(*id, ctx.client_address, NegotiateTokens::Clock::now());
             negotiated && negotiated->user_id == principal.user_id) {
    return Target{nullptr, std::move(negotiated->connection_id), *id};
  }
  refusal = Status::not_found;
  return Error::notFound("No connection with this id");
}

// The cluster answers on its own thread; the request goes on on its own.
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

asio::awaitable<std::optional<Response>> HubEndpoint::admit(const Principal& principal) {
  UserConnections& users = services_.user_connections;
  bool admitted = users.tryAdd(principal.user_id, principal.user_name);
  if (admitted) {
    admitted = co_await admittedAcrossNodes(users, principal.user_id);
    if (!admitted) users.remove(principal.user_id);
  }
  if (admitted) co_return std::nullopt;
  metrics::serverMetrics().countRefused(metrics::Refusal::kHubConnections);
  co_return http::errorResponse(Error::rateLimited("Too many connections for this user", 5));
}

std::shared_ptr<HubConnection> HubEndpoint::open(LoopShard& shard, Principal principal,
                                                 const Target& target, bool stateful) {
  auto connection = std::make_shared<HubConnection>(std::move(principal), target.connection_id,
                                                    shard, services_, stateful);
  if (!target.token.empty() && services_.registry.add(target.token, connection)) {
    connection->registeredAs(target.token);
  }
  return connection;
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
  // The HTTP server parsed this target already to route the request here.
  auto parsed = http::makeRequestContext(request, client_address);
  if (!parsed) co_return;
  http::RequestContext& ctx = *parsed;
  const bool event_stream = !beast::websocket::is_upgrade(request);

  std::optional<Response> refusal;
  auto authenticated = authenticateTransport(ctx, refusal);
  auto principal = co_await completed(std::move(authenticated), refusal);
  if (!principal) co_return co_await refuse(stream, *refusal);
  if (!offers(event_stream ? "ServerSentEvents" : "WebSockets")) {
    refusal = http::errorResponse(Status::not_found, "Transport not offered");
    co_return co_await refuse(stream, *refusal);
  }
  const std::string* id = ctx.queryValue("id");
  if (event_stream && id == nullptr) {
    refusal = http::errorResponse(Status::bad_request, "Connection ID required");
    co_return co_await refuse(stream, *refusal);
  }
  Status refused = Status::not_found;
  auto target = resolve(id, ctx, *principal, refused);
  if (!target) {
    // An ended connection's id is unknown to a new transport.
    refusal = http::errorResponse(refused == Status::no_content ? Status::not_found : refused,
                                  target.error().message);
    co_return co_await refuse(stream, *refusal);
  }
  if (target->existing) {
    if (event_stream) {
      refusal = http::errorResponse(Status::conflict, "The connection has a transport already");
      co_return co_await refuse(stream, *refusal);
    }
    // Stateful reconnect: the socket joins its connection on the connection's loop.
    auto connection = std::move(target->existing);
    asio::io_context& loop = connection->shard().loop();
    auto moved = moveToLoop(std::move(stream), loop);
    if (!moved) co_return;
    asio::co_spawn(loop,
                   resumeWebSocket(std::move(*moved), std::move(request), std::move(connection),
                                   std::move(slot)),
                   asio::detached);
    co_return;
  }
  if (auto full = co_await admit(*principal)) co_return co_await refuse(stream, *full);
  std::shared_ptr<HubConnection> connection;
  if (event_stream) {
    connection = acceptEventStream(std::move(stream), request, std::move(principal).value(),
                                   *target, std::move(slot));
  } else {
    connection = co_await acceptWebSocket(std::move(stream), request, std::move(principal).value(),
                                          std::move(*target), std::move(slot));
  }
  // A session that ended while this request waited found no connection to close on the
  // shard: look again now that the connection is there.
  if (auto again = http::authenticate(ctx, access_tokens_, {.allow_query_token = true});
      !again && connection) {
    connection->close("Connection closed with an error. " + again.error().message + ".", false,
                      "session ended");
  }
}

asio::awaitable<std::shared_ptr<HubConnection>> HubEndpoint::acceptWebSocket(
    beast::tcp_stream stream, const http::Request& request, Principal principal, Target target,
    http::ConnectionSlots::Slot slot) {
  LoopShard& shard = shardOf(stream.get_executor());
  const UserId user = principal.user_id;
  WebSocketTransport::WebSocket socket(std::move(stream));
  beast::get_lowest_layer(socket).expires_after(services_.options.handshake_timeout);
  auto [ec] = co_await socket.async_accept(request, asio::as_tuple(asio::use_awaitable));
  if (ec) {
    services_.user_connections.remove(user);
    co_return nullptr;
  }
  beast::get_lowest_layer(socket).expires_never();
  const std::size_t max_message = std::max(kMaxFrameBytes, 2 * services_.options.max_record_bytes);
  // Only a negotiated connection can be found again to be resumed.
  auto connection = open(shard, std::move(principal), target, !target.token.empty());
  metrics::serverMetrics().countOpened(metrics::Transport::kWebSockets);
  connection->start(
      std::make_shared<WebSocketTransport>(std::move(socket), max_message, std::move(slot)));
  co_return connection;
}

asio::awaitable<void> HubEndpoint::resumeWebSocket(beast::tcp_stream stream, http::Request request,
                                                   std::shared_ptr<HubConnection> connection,
                                                   http::ConnectionSlots::Slot slot) {
  if (!connection->resumable()) {
    // Ending or gone meanwhile (404), or live and not stateful: a second socket for the
    // same id (409). The response is a named local: see refuse().
    Response refusal =
        connection->ending()
            ? http::errorResponse(Status::not_found, "No connection with this id")
            : http::errorResponse(Status::conflict, "The connection has a transport already");
    co_await refuse(stream, refusal);
    co_return;
  }
  WebSocketTransport::WebSocket socket(std::move(stream));
  beast::get_lowest_layer(socket).expires_after(services_.options.handshake_timeout);
  auto [ec] = co_await socket.async_accept(request, asio::as_tuple(asio::use_awaitable));
  if (ec) co_return;
  beast::get_lowest_layer(socket).expires_never();
  const std::size_t max_message = std::max(kMaxFrameBytes, 2 * services_.options.max_record_bytes);
  auto transport =
      std::make_shared<WebSocketTransport>(std::move(socket), max_message, std::move(slot));
  if (!connection->resume(transport)) transport->abort();
}

std::shared_ptr<HubConnection> HubEndpoint::acceptEventStream(beast::tcp_stream stream,
                                                              const http::Request& request,
                                                              Principal principal,
                                                              const Target& target,
                                                              http::ConnectionSlots::Slot slot) {
  LoopShard& shard = shardOf(stream.get_executor());
  auto connection = open(shard, std::move(principal), target, false);
  metrics::serverMetrics().countOpened(metrics::Transport::kServerSentEvents);
  connection->start(
      std::make_shared<SseTransport>(std::move(stream), corsHeaders(request), std::move(slot)));
  return connection;
}

}  // namespace chat::signalr
