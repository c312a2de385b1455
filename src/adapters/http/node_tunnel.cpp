#include "adapters/http/node_tunnel.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <memory>

#include "adapters/http/responses.hpp"

namespace chat::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;
constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);

namespace {

constexpr std::string_view kForwardedFor = "X-Forwarded-For";

// Every X-Forwarded-For the request came with, as one list, and the peer after them: the
// next node reads the list from the right, past the proxies it trusts.
void appendForwardedFor(Request& request, const std::string& peer_address) {
  std::string chain;
  const auto [first, last] = request.equal_range(kForwardedFor);
  for (auto it = first; it != last; ++it) {
    chain += it->value();
    chain += ", ";
  }
  chain += peer_address;
  request.erase(kForwardedFor);
  request.set(kForwardedFor, chain);
}

// Resolves and connects within `timeout`. The resolver works on a thread of Asio's own, so
// the loop never waits on it; cancelled at the deadline, it completes at once.
asio::awaitable<beast::error_code> connect(beast::tcp_stream& upstream, const ForwardTarget& node,
                                           std::chrono::milliseconds timeout) {
  auto resolver = std::make_shared<tcp::resolver>(upstream.get_executor());
  asio::steady_timer deadline(upstream.get_executor(), timeout);
  deadline.async_wait([resolver](const beast::error_code& ec) {
    if (!ec) resolver->cancel();
  });
  auto [resolve_error, endpoints] =
      co_await resolver->async_resolve(node.host, node.port, kAsTuple);
  if (resolve_error) {
    co_return resolve_error == asio::error::operation_aborted ? beast::error::timeout
                                                              : resolve_error;
  }
  upstream.expires_at(deadline.expiry());
  deadline.cancel();
  auto [connect_error, endpoint] = co_await upstream.async_connect(endpoints, kAsTuple);
  co_return connect_error;
}

asio::awaitable<void> answerUnreachable(beast::tcp_stream& client,
                                        std::chrono::milliseconds timeout) {
  Response response = errorResponse(Status::not_found, "No connection with this id");
  response.keep_alive(false);
  response.set(beast_http::field::server, "ChatServer");
  response.set("X-Content-Type-Options", "nosniff");
  client.expires_after(timeout);
  co_await beast_http::async_write(client, response, kAsTuple);
  beast::error_code ignored;
  client.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

struct Tunnel {
  tcp::socket client;
  tcp::socket node;
  asio::steady_timer linger;
  std::size_t buffer_bytes = 0;
  std::chrono::milliseconds linger_time{};
  bool client_done = false;  // the client has closed its side, or the tunnel failed

  void closeBoth() {
    beast::error_code ignored;
    client.close(ignored);
    node.close(ignored);
  }
};

// Copies from `from` to `to` until `from` ends; returns what ended it (eof: a clean close).
// An idle side holds no buffer: it waits for bytes to arrive before taking one, and gives
// it back once a read leaves it part empty.
asio::awaitable<beast::error_code> copy(tcp::socket& from, tcp::socket& to, std::size_t bytes) {
  for (;;) {
    auto [wait_error] = co_await from.async_wait(tcp::socket::wait_read, kAsTuple);
    if (wait_error) co_return wait_error;
    const auto buffer = std::make_unique_for_overwrite<char[]>(bytes);
    for (std::size_t read = bytes; read == bytes;) {
      auto [read_error, got] =
          co_await from.async_read_some(asio::buffer(buffer.get(), bytes), kAsTuple);
      if (read_error) co_return read_error;
      auto [write_error, written] =
          co_await asio::async_write(to, asio::buffer(buffer.get(), got), kAsTuple);
      if (write_error) co_return write_error;
      read = got;
    }
  }
}

asio::awaitable<void> clientToNode(Tunnel& tunnel) {
  const auto ended = co_await copy(tunnel.client, tunnel.node, tunnel.buffer_bytes);
  beast::error_code ignored;
  if (ended == asio::error::eof) {
    tunnel.node.shutdown(tcp::socket::shutdown_send, ignored);
  } else {
    tunnel.closeBoth();
  }
  tunnel.client_done = true;
  tunnel.linger.cancel();
}

asio::awaitable<void> nodeToClient(Tunnel& tunnel) {
  const auto ended = co_await copy(tunnel.node, tunnel.client, tunnel.buffer_bytes);
  if (ended != asio::error::eof) {
    tunnel.closeBoth();
    co_return;
  }
  beast::error_code ignored;
  tunnel.client.shutdown(tcp::socket::shutdown_send, ignored);
  if (tunnel.client_done) co_return;
  // The node has said all it will; a client that keeps its side open past the linger is
  // cut, so that it cannot hold the tunnel for ever.
  tunnel.linger.expires_after(tunnel.linger_time);
  auto [wait_error] = co_await tunnel.linger.async_wait(kAsTuple);
  if (!wait_error && !tunnel.client_done) tunnel.closeBoth();
}

// The request's method and path, for the log: the query may carry tokens.
std::string describe(const Request& request) {
  const std::string_view target = request.target();
  return std::string(request.method_string()) + " " +
         std::string(target.substr(0, target.find('?')));
}

}  // namespace

bool passedOnByNode(const Request& request) {
  return request.find(kPassedOnHeader) != request.end();
}

asio::awaitable<void> tunnelToNode(beast::tcp_stream client, Request request,
                                   beast::flat_buffer leftover, std::string peer_address,
                                   ForwardTarget node, NodeTunnelOptions options) {
  client.expires_never();
  const auto executor = client.get_executor();
  const std::string what = describe(request);
  beast::tcp_stream upstream(executor);
  beast::error_code failed = co_await connect(upstream, node, options.connect_timeout);
  if (!failed) {
    beast::error_code ignored;
    upstream.socket().set_option(tcp::no_delay(true), ignored);
    appendForwardedFor(request, peer_address);
    request.set(kPassedOnHeader, "1");
    upstream.expires_after(options.connect_timeout);
    std::tie(failed, std::ignore) = co_await beast_http::async_write(upstream, request, kAsTuple);
    if (!failed && leftover.size() > 0) {
      std::tie(failed, std::ignore) =
          co_await asio::async_write(upstream, leftover.data(), kAsTuple);
    }
  }
  if (failed) {
    spdlog::info("{} for node {}: unreachable ({}), 404", what, node.describe(), failed.message());
    co_await answerUnreachable(client, options.connect_timeout);
    co_return;
  }
  spdlog::info("{} passed on to node {}", what, node.describe());
  upstream.expires_never();
  leftover.clear();

  using namespace asio::experimental::awaitable_operators;
  Tunnel tunnel{client.release_socket(), upstream.release_socket(), asio::steady_timer(executor),
                options.buffer_bytes, options.linger};
  // Named first: GCC 12 destroys a co_await expression's temporaries twice.
  auto both_ways = clientToNode(tunnel) && nodeToClient(tunnel);
  co_await std::move(both_ways);
}

}  // namespace chat::http
