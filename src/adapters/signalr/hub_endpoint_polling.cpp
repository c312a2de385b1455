// The hub's routes for the HTTP transports: long polls (GET), the client's messages of
// long polling and Server-Sent Events (POST), and the end of a long-polling connection
// (DELETE), with ASP.NET's status codes.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/http/responses.hpp"
#include "adapters/metrics/server_metrics.hpp"
#include "adapters/signalr/hub_connection.hpp"
#include "adapters/signalr/hub_endpoint.hpp"
#include "adapters/signalr/long_polling_transport.hpp"

namespace chat::signalr {

namespace asio = boost::asio;
using http::Response;
using http::Status;

namespace {

// Neither the browser nor a proxy may answer a poll from a cache.
void preventCaching(Response& response) {
  response.set(http::beast_http::field::cache_control, "no-cache, no-store");
  response.set(http::beast_http::field::pragma, "no-cache");
  response.set(http::beast_http::field::expires, "Thu, 01 Jan 1970 00:00:00 GMT");
}

Response pollResponse(Status status, std::string body) {
  Response response{status, 11};
  if (status == Status::ok) {
    response.set(http::beast_http::field::content_type, "application/octet-stream");
    response.body() = std::move(body);
  }
  preventCaching(response);
  response.prepare_payload();
  return response;
}

Response emptyResponse(Status status) {
  Response response{status, 11};
  response.set(http::beast_http::field::content_type, "text/plain");
  response.prepare_payload();
  return response;
}

}  // namespace

asio::awaitable<Response> HubEndpoint::poll(http::RequestContext& ctx) {
  std::optional<Response> refusal;
  auto authenticated = authenticateTransport(ctx, refusal);
  auto principal = co_await completed(std::move(authenticated), refusal);
  if (!principal) co_return std::move(*refusal);
  if (!offers("LongPolling")) {
    co_return http::errorResponse(Status::not_found, "Transport not offered");
  }
  const std::string* id = ctx.queryValue("id");
  if (id == nullptr) co_return http::errorResponse(Status::bad_request, "Connection ID required");
  Status refused = Status::not_found;
  auto target = resolve(id, ctx, *principal, refused);
  if (!target) {
    if (refused == Status::no_content) co_return pollResponse(Status::no_content, {});
    co_return http::errorResponse(refused, target.error().message);
  }

  if (auto connection = std::move(target->existing)) {
    const auto timeout = services_.options.long_poll_timeout;
    // The poll waits on the connection's loop.
    // Named, not a temporary of the co_await: GCC 12 destroys such temporaries twice.
    auto wait = [connection, timeout]() -> asio::awaitable<Response> {
      auto* polling = dynamic_cast<LongPollingTransport*>(connection->transport());
      if (polling == nullptr) {
        if (connection->finished()) co_return pollResponse(Status::no_content, {});
        co_return http::errorResponse(Status::bad_request,
                                      "Cannot change transports mid-connection");
      }
      auto answer = co_await polling->poll(timeout);
      co_return pollResponse(static_cast<Status>(answer.status), std::move(answer.body));
    };
    co_return co_await asio::co_spawn(connection->shard().loop(), std::move(wait),
                                      asio::use_awaitable);
  }

  // The first poll opens the connection and is answered at once: clients take that answer
  // as the transport being up, and send their handshake.
  if (auto full = co_await admit(*principal)) co_return std::move(*full);
  LoopShard& shard = shardOf(co_await asio::this_coro::executor);
  auto connection = open(shard, std::move(principal).value(), *target, false);
  metrics::serverMetrics().countOpened(metrics::Transport::kLongPolling);
  connection->start(std::make_shared<LongPollingTransport>(shard.loop()));
  co_return pollResponse(Status::ok, {});
}

std::shared_ptr<HubConnection> HubEndpoint::ownConnection(const http::RequestContext& ctx,
                                                          std::optional<Response>& refusal) {
  auto principal = authenticateTransport(ctx, refusal);
  if (!principal) return nullptr;
  const std::string* id = ctx.queryValue("id");
  if (id == nullptr) {
    refusal = http::errorResponse(Status::bad_request, "Connection ID required");
    return nullptr;
  }
  auto found = services_.registry.find(*id);
  // An identity provider's token names its user by subject until it is completed.
  const Principal& owner = found.connection ? found.connection->principal() : *principal;
  const bool same_user = principal->external_subject.empty()
                             ? owner.user_id == principal->user_id
                             : owner.external_subject == principal->external_subject;
  if (!found.connection || !same_user) {
    refusal = http::errorResponse(Status::not_found, "No connection with this id");
    return nullptr;
  }
  return std::move(found.connection);
}

asio::awaitable<Response> HubEndpoint::post(http::RequestContext& ctx) {
  std::optional<Response> refusal;
  auto connection = ownConnection(ctx, refusal);
  if (!connection) co_return std::move(*refusal);
  const std::string_view body = ctx.request.body();
  auto deliver = [connection, body]() -> asio::awaitable<Status> {
    HubTransport* transport = connection->transport();
    if (connection->finished() || transport == nullptr) co_return Status::not_found;
    if (!transport->sendsByPost()) co_return Status::method_not_allowed;
    co_await connection->roomToRead();  // back-pressure: the answer waits
    if (connection->finished() || connection->transport() != transport) {
      co_return Status::not_found;
    }
    connection->received(transport, body);
    co_return Status::ok;
  };
  const Status status =
      co_await asio::co_spawn(connection->shard().loop(), std::move(deliver), asio::use_awaitable);
  switch (status) {
    case Status::ok:
      co_return emptyResponse(Status::ok);
    case Status::method_not_allowed:
      co_return http::errorResponse(status, "The connection's client sends on its WebSocket");
    default:
      co_return http::errorResponse(Status::not_found, "No connection with this id");
  }
}

asio::awaitable<Response> HubEndpoint::remove(http::RequestContext& ctx) {
  std::optional<Response> refusal;
  auto connection = ownConnection(ctx, refusal);
  if (!connection) co_return std::move(*refusal);
  auto end = [connection]() -> asio::awaitable<bool> {
    if (dynamic_cast<LongPollingTransport*>(connection->transport()) == nullptr) {
      co_return false;
    }
    connection->endedByClient();
    co_return true;
  };
  const bool ended =
      co_await asio::co_spawn(connection->shard().loop(), std::move(end), asio::use_awaitable);
  if (!ended) {
    co_return http::errorResponse(Status::bad_request,
                                  "Cannot terminate this connection using the DELETE endpoint.");
  }
  co_return emptyResponse(Status::accepted);
}

}  // namespace chat::signalr
