#include "rest_client.hpp"

#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace chat::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct RestClient::Impl {
  ServerUrl url;
  asio::ip::address source;
  std::chrono::milliseconds timeout{};
  asio::io_context context{1};
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  // Runs the started asynchronous operation to its end; the stream's expiry bounds it.
  void run() {
    context.restart();
    context.run();
  }

  beast::error_code connect() {
    stream.emplace(context);
    buffer.clear();
    beast::error_code ec;
    auto& socket = stream->socket();
    socket.open(url.address.is_v4() ? tcp::v4() : tcp::v6(), ec);
    if (ec) return ec;
    if (!source.is_unspecified() && source.is_v4() == url.address.is_v4()) {
      socket.bind(tcp::endpoint(source, 0), ec);
      if (ec) return ec;
    }
    stream->expires_after(timeout);
    stream->async_connect(tcp::endpoint(url.address, url.port),
                          [&](beast::error_code result) { ec = result; });
    run();
    if (!ec) socket.set_option(tcp::no_delay(true), ec);
    return ec;
  }

  HttpResult once(const http::request<http::string_body>& request, bool& connection_failed) {
    HttpResult result;
    connection_failed = false;
    beast::error_code ec;
    if (!stream) {
      ec = connect();
      if (ec) {
        stream.reset();
        result.error = "connect: " + ec.message();
        return result;
      }
    }
    stream->expires_after(timeout);
    http::async_write(*stream, request, [&](beast::error_code e, std::size_t) { ec = e; });
    run();
    http::response<http::string_body> response;
    if (!ec) {
      http::async_read(*stream, buffer, response,
                       [&](beast::error_code e, std::size_t) { ec = e; });
      run();
    }
    if (ec) {
      stream.reset();
      connection_failed = ec != beast::error::timeout;
      result.error = ec.message();
      return result;
    }
    result.status = response.result_int();
    result.body = std::move(response.body());
    const auto retry = response[http::field::retry_after];
    if (!retry.empty()) {
      try {
        result.retry_after = std::stoi(std::string(retry));
      } catch (...) {
        result.retry_after = 1;
      }
    }
    if (!response.keep_alive()) stream.reset();
    return result;
  }
};

RestClient::RestClient(const ServerUrl& url, asio::ip::address source,
                       std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
  impl_->url = url;
  impl_->source = std::move(source);
  impl_->timeout = timeout;
}

RestClient::~RestClient() = default;

HttpResult RestClient::request(std::string_view method, std::string_view target,
                               std::string_view body, std::string_view token) {
  http::request<http::string_body> request;
  request.method(http::string_to_verb(method));
  request.target(impl_->url.path + std::string(target));
  request.version(11);
  request.set(http::field::host, impl_->url.host_header);
  request.set(http::field::user_agent, "chat-bench");
  if (!token.empty()) request.set(http::field::authorization, "Bearer " + std::string(token));
  if (!body.empty()) {
    request.set(http::field::content_type, "application/json");
    request.body() = std::string(body);
  }
  request.keep_alive(true);
  request.prepare_payload();
  bool connection_failed = false;
  HttpResult result = impl_->once(request, connection_failed);
  // A kept-alive connection the server has closed meanwhile: one fresh attempt.
  if (connection_failed) result = impl_->once(request, connection_failed);
  return result;
}

}  // namespace chat::bench
