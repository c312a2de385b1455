#include "hub_http.hpp"

#include <netinet/in.h>

#include <fmt/format.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>

namespace chat::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
}  // namespace

asio::awaitable<std::string> connectStream(beast::tcp_stream& stream, const ConnectSpec& spec) {
  const ServerUrl& url = *spec.url;
  auto& socket = stream.socket();
  beast::error_code ec;
  socket.open(url.address.is_v4() ? tcp::v4() : tcp::v6(), ec);
  if (ec) co_return "socket: " + ec.message();
  if (!spec.source.is_unspecified() && spec.source.is_v4() == url.address.is_v4()) {
#ifdef IP_BIND_ADDRESS_NO_PORT
    // Choose the port at connect time, so ports are only unique per (source, server) pair.
    using BindNoPort = asio::detail::socket_option::boolean<IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT>;
    socket.set_option(BindNoPort(true), ec);
#endif
    socket.bind(tcp::endpoint(spec.source, 0), ec);
    if (ec) co_return "bind " + spec.source.to_string() + ": " + ec.message();
  }
  stream.expires_after(spec.timeout);
  auto [connect_error] =
      co_await stream.async_connect(tcp::endpoint(url.address, url.port), kTuple);
  if (connect_error) co_return "connect: " + connect_error.message();
  socket.set_option(tcp::no_delay(true), ec);
  co_return "";
}

asio::awaitable<std::string> negotiate(beast::tcp_stream& stream, const ConnectSpec& spec,
                                       std::string& connection_token, std::size_t& bytes_read) {
  const ServerUrl& url = *spec.url;
  http::request<http::empty_body> request{
      http::verb::post, url.path + std::string(kHubPath) + "/negotiate?negotiateVersion=1", 11};
  request.set(http::field::host, url.host_header);
  request.set(http::field::user_agent, "chat-bench");
  request.set(http::field::authorization, "Bearer " + spec.token);
  request.keep_alive(true);
  request.prepare_payload();
  auto [write_error, written] = co_await http::async_write(stream, request, kTuple);
  if (write_error) co_return "negotiate: " + write_error.message();
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  auto [read_error, read] = co_await http::async_read(stream, buffer, response, kTuple);
  bytes_read += read;
  if (read_error) co_return "negotiate: " + read_error.message();
  if (response.result_int() != 200) {
    co_return fmt::format("negotiate: HTTP {} {}", response.result_int(),
                          response.body().substr(0, 200));
  }
  boost::system::error_code ec;
  const auto body = boost::json::parse(response.body(), ec);
  const auto* token =
      !ec && body.is_object() ? body.as_object().if_contains("connectionToken") : nullptr;
  if (!token || !token->is_string()) co_return "negotiate: no connectionToken";
  if (!response.keep_alive()) co_return "negotiate: the server closed the connection";
  if (buffer.size() != 0) co_return "negotiate: bytes after the response";
  connection_token = std::string(token->as_string());
  co_return "";
}

}  // namespace chat::bench
