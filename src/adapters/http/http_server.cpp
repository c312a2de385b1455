#include "adapters/http/http_server.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/url/parse.hpp>

#include "adapters/http/bearer_auth.hpp"
#include "adapters/http/forwarded_client.hpp"
#include "adapters/http/responses.hpp"

namespace chat::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;
constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);

namespace {

// Decrements a counter when the scope ends, however it ends.
class CountedScope {
 public:
  explicit CountedScope(std::atomic<std::size_t>& counter) : counter_(counter) { ++counter_; }
  ~CountedScope() { --counter_; }
  CountedScope(const CountedScope&) = delete;
  CountedScope& operator=(const CountedScope&) = delete;

 private:
  std::atomic<std::size_t>& counter_;
};

Response readErrorResponse(const beast::error_code& ec) {
  if (ec == beast_http::error::body_limit) {
    return errorResponse(Status::payload_too_large, "The request body is too large");
  }
  if (ec == beast_http::error::header_limit) {
    return errorResponse(Status::request_header_fields_too_large,
                         "The request headers are too large");
  }
  return errorResponse(Status::bad_request, "The request is not valid HTTP");
}

}  // namespace

HttpServer::HttpServer(runtime::EventLoops& loops, const Router& router, const CorsPolicy& cors,
                       AccessTokens& access_tokens, HttpServerOptions options)
    : loops_(loops),
      router_(router),
      cors_(cors),
      access_tokens_(access_tokens),
      options_(std::move(options)) {}

Result<std::uint16_t> HttpServer::listen() {
  beast::error_code ec;
  const auto address = asio::ip::make_address(options_.bind_address, ec);
  if (ec) return Error::invalid("Invalid bind address: " + options_.bind_address);
  const tcp::endpoint endpoint{address, options_.port};
  acceptor_.emplace(loops_.at(0));
  acceptor_->open(endpoint.protocol(), ec);
  if (!ec) acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_->bind(endpoint, ec);
  if (!ec) acceptor_->listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return Error::unavailable("Cannot listen on " + options_.bind_address + ":" +
                              std::to_string(options_.port) + ": " + ec.message());
  return acceptor_->local_endpoint().port();
}

void HttpServer::start() {
  asio::co_spawn(loops_.at(0), acceptLoop(), asio::detached);
}

void HttpServer::stop() {
  asio::post(loops_.at(0), [this] {
    beast::error_code ignored;
    if (acceptor_) acceptor_->close(ignored);
  });
}

asio::awaitable<void> HttpServer::acceptLoop() {
  while (acceptor_->is_open()) {
    auto& loop = loops_.next();
    auto [ec, socket] = co_await acceptor_->async_accept(loop, kAsTuple);
    if (ec == asio::error::operation_aborted) co_return;
    if (ec) {
      spdlog::warn("accept failed: {}", ec.message());
      continue;
    }
    if (connections_.load() >= options_.max_connections) {
      spdlog::warn("connection refused: limit of {} reached", options_.max_connections);
      continue;  // the socket closes as it goes out of scope
    }
    // Chat records are small and latency matters more than packet count: no Nagle delay.
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    asio::co_spawn(loop, serve(std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> HttpServer::serve(tcp::socket socket) {
  CountedScope connection(connections_);
  beast::error_code ec;
  const auto remote = socket.remote_endpoint(ec);
  const std::string peer_address = ec ? "unknown" : remote.address().to_string();
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    beast_http::request_parser<beast_http::string_body> parser;
    parser.body_limit(options_.max_body_bytes);
    parser.header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
    stream.expires_after(options_.idle_timeout);
    auto [read_error, bytes] = co_await beast_http::async_read(stream, buffer, parser, kAsTuple);
    if (read_error) {
      const bool peer_gone = read_error == beast_http::error::end_of_stream ||
                             read_error == beast::error::timeout ||
                             read_error == asio::error::connection_reset ||
                             read_error == asio::error::operation_aborted;
      if (!peer_gone) {
        stream.expires_after(options_.request_timeout);
        co_await beast_http::async_write(stream, readErrorResponse(read_error), kAsTuple);
      }
      break;
    }
    Request request = parser.release();
    const std::string client_address =
        options_.trusted_proxies.empty()
            ? peer_address
            : forwardedClient(peer_address, request["X-Forwarded-For"], options_.trusted_proxies);
    if (upgrade_handler_ && beast::websocket::is_upgrade(request)) {
      const auto target = boost::urls::parse_origin_form(request.target());
      if (target && upgrade_handler_->handlesPath(target->path())) {
        stream.expires_never();
        upgrade_handler_->upgrade(std::move(stream), std::move(request), client_address);
        co_return;
      }
    }
    Response response;
    {
      CountedScope in_flight(in_flight_);
      response = co_await respond(request, client_address);
    }
    response.keep_alive(request.keep_alive());
    response.set(beast_http::field::server, "ChatServer");
    response.set("X-Content-Type-Options", "nosniff");
    stream.expires_after(options_.request_timeout);
    auto [write_error, written] = co_await beast_http::async_write(stream, response, kAsTuple);
    if (write_error || !response.keep_alive()) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<Response> HttpServer::respond(const Request& request,
                                              const std::string& client_address) {
  const auto started = std::chrono::steady_clock::now();
  auto parsed = makeRequestContext(request, client_address);
  if (!parsed) co_return errorResponse(Status::bad_request, "The request target is not valid");
  RequestContext& ctx = *parsed;

  Response response;
  if (cors_.isPreflight(request)) {
    response = cors_.preflight(request);
  } else if (auto match = router_.match(request.method(), ctx.path, ctx); !match.route) {
    if (match.path_known) {
      response = errorResponse(Status::method_not_allowed, "Method not allowed");
      response.set(beast_http::field::allow, match.allowed_methods);
    } else {
      response = errorResponse(Status::not_found, "No such resource");
    }
  } else if (auto principal = match.route->access == Access::kBearer
                                  ? authenticate(ctx, access_tokens_)
                                  : Result<Principal>(Principal{});
             !principal) {
    response = errorResponse(principal.error());
    const bool token_present = request.find(beast_http::field::authorization) != request.end();
    response.set(beast_http::field::www_authenticate,
                 bearerChallenge(principal.error(), token_present));
  } else {
    if (match.route->access == Access::kBearer) ctx.principal = std::move(principal).value();
    response = co_await match.route->handler(ctx);
  }
  cors_.decorate(request, response);
  // Only the path: query strings may carry access tokens.
  spdlog::info("{} {} {} {}ms", std::string(request.method_string()), ctx.path,
               response.result_int(),
               std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - started)
                   .count());
  co_return response;
}

}  // namespace chat::http
