#include "adapters/http/http_server.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/url/parse.hpp>

#include "adapters/http/bearer_auth.hpp"
#include "adapters/http/forwarded_client.hpp"
#include "adapters/http/node_tunnel.hpp"
#include "adapters/http/request_id.hpp"
#include "adapters/http/responses.hpp"
#include "adapters/metrics/server_metrics.hpp"
#include "adapters/runtime/log_fields.hpp"

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

// Bytes read while waiting for a request to begin: enough for most requests' headers.
constexpr std::size_t kFirstReadBytes = 1024;

// The connections the process's file descriptors allow, leaving some for the database,
// Redis, the event loops and the log. The soft limit is raised to the hard one first.
std::size_t fitToDescriptors(std::size_t wanted) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return wanted;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = std::min<rlim_t>(limit.rlim_max, 1u << 20);
    if (raised.rlim_cur > limit.rlim_cur && setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur == RLIM_INFINITY) return wanted;
  const auto descriptors = static_cast<std::size_t>(limit.rlim_cur);
  const std::size_t reserved = std::max<std::size_t>(128, descriptors / 20);
  const std::size_t fits = descriptors > 2 * reserved ? descriptors - reserved : descriptors / 2;
  if (fits < wanted) {
    spdlog::info("At most {} connections: the process may open {} file descriptors", fits,
                 descriptors);
  }
  return std::min(wanted, fits);
}

bool outOfDescriptors(const beast::error_code& ec) {
  return ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
         ec == asio::error::no_memory || ec == boost::system::errc::too_many_files_open_in_system;
}

}  // namespace

HttpServer::HttpServer(runtime::EventLoops& loops, const Router& router, const CorsPolicy& cors,
                       AccessTokens& access_tokens, HttpServerOptions options)
    : loops_(loops),
      router_(router),
      cors_(cors),
      access_tokens_(access_tokens),
      options_(std::move(options)),
      slots_({fitToDescriptors(options_.max_connections), options_.max_connections_per_address}) {}

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
      if (!co_await backedOff(ec)) spdlog::warn("accept failed: {}", ec.message());
      continue;
    }
    if (accept_failing_) {
      accept_failing_ = false;
      spdlog::info("Accepting connections again");
    }
    beast::error_code peer_error;
    const auto remote = socket.remote_endpoint(peer_error);
    const std::string peer = peer_error ? "unknown" : remote.address().to_string();
    ConnectionSlots::Slot slot;
    const auto admission = slots_.take(peer, isTrustedProxy(peer, options_.trusted_proxies), slot);
    if (admission != ConnectionSlots::Admission::kAdmitted) {
      // Logged at most once a second: a flood must not become a flood of log lines.
      const auto now = std::chrono::steady_clock::now();
      if (now >= next_refusal_log_) {
        next_refusal_log_ = now + std::chrono::seconds(1);
        if (admission == ConnectionSlots::Admission::kServerFull) {
          spdlog::warn("Connections refused: the limit of {} is reached", slots_.limits().in_all);
        } else {
          spdlog::warn("Connections refused: the limit of {} per address is reached",
                       slots_.limits().per_address);
        }
      }
      continue;  // the socket closes as it goes out of scope
    }
    // Chat records are small and latency matters more than packet count: no Nagle delay.
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    asio::co_spawn(loop, serve(std::move(socket), std::move(slot), peer), asio::detached);
  }
}

asio::awaitable<bool> HttpServer::backedOff(const beast::error_code& ec) {
  if (!outOfDescriptors(ec)) co_return false;
  if (!accept_failing_) {
    accept_failing_ = true;
    spdlog::warn("accept failed: {}; accepting more waits until connections end", ec.message());
  }
  asio::steady_timer pause(acceptor_->get_executor(), std::chrono::milliseconds(100));
  co_await pause.async_wait(kAsTuple);
  co_return true;
}

asio::awaitable<void> HttpServer::serve(tcp::socket socket, ConnectionSlots::Slot slot,
                                        std::string peer_address) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    beast_http::request_parser<beast_http::string_body> parser;
    parser.body_limit(options_.max_body_bytes);
    parser.header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
    // A connection may idle between requests; once a request begins, its headers have
    // header_timeout to arrive and its body request_timeout.
    if (buffer.size() == 0) {
      stream.expires_after(options_.idle_timeout);
      auto [idle_error, first] =
          co_await stream.async_read_some(buffer.prepare(kFirstReadBytes), kAsTuple);
      if (idle_error) break;
      buffer.commit(first);
    }
    stream.expires_after(options_.header_timeout);
    auto [read_error, bytes] =
        co_await beast_http::async_read_header(stream, buffer, parser, kAsTuple);
    if (!read_error && !parser.is_done()) {
      stream.expires_after(options_.request_timeout);
      std::tie(read_error, bytes) =
          co_await beast_http::async_read(stream, buffer, parser, kAsTuple);
    }
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
    // A request for another node's connection: the client's connection becomes a tunnel
    // to that node for the rest of its life, and keeps its slot. A request another node
    // passed on is served here, whatever it names, so nodes that disagree about which is
    // which cannot pass it round in a loop.
    if (forwarding_ && !passedOnByNode(request)) {
      if (auto node = forwarding_->forwardTarget(request)) {
        // Named first: GCC 12 destroys a co_await expression's temporaries twice.
        auto tunnel = tunnelToNode(std::move(stream), std::move(request), std::move(buffer),
                                   std::move(peer_address), std::move(*node));
        co_await std::move(tunnel);
        co_return;
      }
    }
    const std::string client_address =
        options_.trusted_proxies.empty()
            ? peer_address
            : forwardedClient(peer_address, request["X-Forwarded-For"], options_.trusted_proxies);
    if (upgrade_handler_) {
      const auto target = boost::urls::parse_origin_form(request.target());
      if (target && upgrade_handler_->takesOver(request, target->path())) {
        stream.expires_never();
        upgrade_handler_->upgrade(std::move(stream), std::move(request), client_address,
                                  std::move(slot));
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
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<Response> HttpServer::respond(const Request& request,
                                              const std::string& client_address) {
  const auto started = std::chrono::steady_clock::now();
  const std::string request_id = requestId(request["X-Request-Id"]);
  auto parsed = makeRequestContext(request, client_address);
  if (!parsed) {
    Response refused = errorResponse(Status::bad_request, "The request target is not valid");
    refused.set("X-Request-Id", request_id);
    co_return refused;
  }
  RequestContext& ctx = *parsed;
  std::string_view route = "(no route)";

  Response response;
  // Numbered as in metricRouteNames: the routes, then preflights, then no route.
  std::size_t metric_route = router_.routes().size() + 1;
  if (cors_.isPreflight(request)) {
    metric_route = router_.routes().size();
    route = "(preflight)";
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
    metric_route = static_cast<std::size_t>(match.route - router_.routes().data());
    route = match.route->pattern;
    bool admitted = true;
    if (match.route->access == Access::kBearer) {
      Principal caller = std::move(principal).value();
      if (caller.user_id == 0 && principals_ != nullptr) {
        auto resolved = co_await principals_->resolve(caller);
        if (resolved) {
          caller = std::move(resolved).value();
        } else {
          response = errorResponse(resolved.error());
          admitted = false;
        }
      }
      ctx.principal = std::move(caller);
    }
    if (admitted) response = co_await match.route->handler(ctx);
  }
  cors_.decorate(request, response);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  if (options_.count_requests) {
    metrics::serverMetrics().http.observe(metric_route, response.result_int(), elapsed);
  }
  response.set("X-Request-Id", request_id);
  // Only the path: query strings may carry access tokens. Formatted only when logged: the
  // REST send path passes here.
  if (spdlog::should_log(spdlog::level::info)) {
    const auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
    const std::string_view method = request.method_string();
    const std::string line =
        fmt::format("{} {} {} {}ms", method, ctx.path, response.result_int(), elapsed_ms);
    runtime::logWithFields(spdlog::level::info, line,
                           {{"request_id", request_id},
                            {"method", method},
                            {"route", route},
                            {"status", static_cast<std::int64_t>(response.result_int())},
                            {"duration_ms", static_cast<std::int64_t>(elapsed_ms)},
                            {"user_id", ctx.principal ? ctx.principal->user_id : 0}});
  }
  co_return response;
}

}  // namespace chat::http
