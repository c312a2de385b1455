#include "http_connection.hpp"

#include <functional>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "hub_http.hpp"
#include "hub_session.hpp"
#include "sse_events.hpp"

namespace chat::bench {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::chrono::seconds kCloseTimeout{3};
// Above the server's poll timeout (ASP.NET's and ChatServer's default: 90 s).
constexpr std::chrono::seconds kPollLimit{120};
constexpr std::chrono::seconds kSseSilence{60};
constexpr std::uint64_t kMaxPollBytes = 64 * 1024 * 1024;

class HttpConnection final : public Connection,
                             public std::enable_shared_from_this<HttpConnection> {
 public:
  HttpConnection(asio::io_context& context, std::size_t index, ConnectionListener& listener,
                 Transport transport)
      : Connection(index),
        receive_(context),
        send_(context),
        listener_(listener),
        transport_(transport),
        events_(HubSession::kMaxRecordBytes),
        ping_timer_(context),
        close_timer_(context) {}

  asio::awaitable<std::string> connect(ConnectSpec spec) override;
  asio::awaitable<std::string> call(std::string_view target, std::string arguments_json,
                                    std::chrono::milliseconds timeout) override;
  std::uint64_t nextInvocationId() override { return session_->nextInvocationId(); }
  void sendRecord(std::string_view record) override;
  void sendFrame(std::string /*frame*/) override {}  // raw connections are WebSockets
  void close() override;
  bool isOpen() const override { return open_; }

 private:
  bool sse() const { return transport_ == Transport::kServerSentEvents; }

  // The receiving side: the event stream, or the polls.
  asio::awaitable<std::string> openEventStream();
  asio::awaitable<std::string> readEventStream();
  asio::awaitable<std::string> poll(unsigned& status, std::string& body);
  // Hands what arrived to the session: "" or why the connection ends.
  std::string received(std::string_view bytes);
  std::string takeEvents();
  asio::awaitable<std::string> awaitHandshake();
  asio::awaitable<void> receiveLoop([[maybe_unused]] std::shared_ptr<HttpConnection> self);
  // The sending side.
  asio::awaitable<std::string> request(http::verb verb, std::string body);
  void startSending();
  asio::awaitable<void> sendLoop([[maybe_unused]] std::shared_ptr<HttpConnection> self);
  asio::awaitable<void> pingLoop([[maybe_unused]] std::shared_ptr<HttpConnection> self);
  asio::awaitable<void> closeTimeout([[maybe_unused]] std::shared_ptr<HttpConnection> self);
  void end(std::string_view reason);

  beast::tcp_stream receive_;  // the event stream or the polls
  beast::tcp_stream send_;     // negotiate, then the POSTs (and DELETE)
  ConnectionListener& listener_;
  Transport transport_;
  std::optional<HubSession> session_;
  std::chrono::milliseconds timeout_{30'000};
  std::chrono::milliseconds ping_interval_{15'000};
  std::string target_;  // /MessageHub?id=<connection token>
  std::string host_;
  std::string authorization_;
  const char* content_type_ = "text/plain;charset=UTF-8";
  beast::flat_buffer receive_buffer_;
  beast::flat_buffer send_buffer_;
  std::optional<http::response_parser<http::empty_body>> event_stream_;
  SseEventReader events_;
  // The parser keeps a reference to its chunk callback.
  std::function<std::size_t(std::uint64_t, beast::string_view, beast::error_code&)> on_event_data_ =
      [this](std::uint64_t, beast::string_view data, beast::error_code&) {
        events_.append(data);
        return data.size();
      };
  HubSession::Handshake handshake_ = HubSession::Handshake::kWaiting;
  std::string handshake_error_;
  std::string records_out_;  // records waiting for the next POST
  bool sending_ = false;
  bool delete_pending_ = false;
  bool open_ = false;
  bool was_open_ = false;
  bool closing_ = false;
  bool ended_ = false;
  asio::steady_timer ping_timer_;
  asio::steady_timer close_timer_;
};

asio::awaitable<std::string> HttpConnection::connect(ConnectSpec spec) {
  auto self = shared_from_this();
  session_.emplace(*this, listener_, spec.encoding);
  timeout_ = spec.timeout;
  ping_interval_ = spec.ping_interval;
  host_ = spec.url->host_header;
  authorization_ = "Bearer " + spec.token;
  if (spec.encoding == HubEncoding::kMessagePack) {
    if (sse()) co_return "MessagePack needs a binary transport; Server-Sent Events carry text";
    content_type_ = "application/octet-stream";
  }
  if (auto error = co_await connectStream(send_, spec); !error.empty()) co_return error;
  std::string token;
  std::size_t negotiated = 0;
  auto error = co_await negotiate(send_, spec, token, negotiated);
  listener_.onBytesReceived(*this, negotiated);
  if (!error.empty()) co_return error;
  target_ = spec.url->path + std::string(kHubPath) + "?id=" + token;
  // The negotiate token is bound to the client's address: the same source for both.
  if (error = co_await connectStream(receive_, spec); !error.empty()) co_return error;

  if (sse()) {
    // EventSource cannot set headers: the token goes in the query, as the JS client does.
    if (error = co_await openEventStream(); !error.empty()) co_return "SSE: " + error;
  } else {
    // The first poll answers at once and opens the connection.
    unsigned status = 0;
    std::string body;
    if (error = co_await poll(status, body); !error.empty()) co_return "first poll: " + error;
    if (status != 200 || !body.empty()) {
      co_return fmt::format("first poll: HTTP {} {}", status, body.substr(0, 200));
    }
  }
  if (error = co_await request(http::verb::post, std::string(handshakeRecord(spec.encoding)));
      !error.empty()) {
    co_return "handshake: " + error;
  }
  if (error = co_await awaitHandshake(); !error.empty()) co_return error;
  send_.expires_never();
  open_ = true;
  was_open_ = true;
  asio::co_spawn(receive_.get_executor(), receiveLoop(self), asio::detached);
  if (sse()) {
    // Long polling has keep-alive in its polls; the others ping, as the official clients do.
    sendRecord(pingRecord(spec.encoding));
    asio::co_spawn(receive_.get_executor(), pingLoop(self), asio::detached);
  }
  if (auto reason = session_->onBytes({}); !reason.empty()) end(reason);  // after the answer
  co_return "";
}

asio::awaitable<std::string> HttpConnection::openEventStream() {
  http::request<http::empty_body> get{http::verb::get,
                                      target_ + "&access_token=" + authorization_.substr(7), 11};
  get.set(http::field::host, host_);
  get.set(http::field::user_agent, "chat-bench");
  get.set(http::field::accept, "text/event-stream");
  get.set(http::field::cache_control, "no-cache");
  receive_.expires_after(timeout_);
  auto [write_error, written] = co_await http::async_write(receive_, get, kTuple);
  if (write_error) co_return write_error.message();
  event_stream_.emplace();
  event_stream_->body_limit(boost::none);  // the stream lasts as long as the connection
  event_stream_->on_chunk_body(on_event_data_);
  auto [read_error, read] =
      co_await http::async_read_header(receive_, receive_buffer_, *event_stream_, kTuple);
  listener_.onBytesReceived(*this, read);
  if (read_error) co_return read_error.message();
  const auto& head = event_stream_->get();
  if (head.result() != http::status::ok) co_return fmt::format("HTTP {}", head.result_int());
  if (!head[http::field::content_type].starts_with("text/event-stream")) {
    co_return "not a text/event-stream";
  }
  if (!event_stream_->chunked()) co_return "the event stream is not chunked";
  co_return "";
}

asio::awaitable<std::string> HttpConnection::readEventStream() {
  receive_.expires_after(kSseSilence);
  auto [error, read] =
      co_await http::async_read_some(receive_, receive_buffer_, *event_stream_, kTuple);
  listener_.onBytesReceived(*this, read);
  if (error == http::error::end_of_stream || error == asio::error::eof ||
      (!error && event_stream_->is_done())) {
    co_return "the event stream ended";
  }
  co_return error ? error.message() : "";
}

asio::awaitable<std::string> HttpConnection::poll(unsigned& status, std::string& body) {
  http::request<http::empty_body> get{http::verb::get, target_, 11};
  get.set(http::field::host, host_);
  get.set(http::field::user_agent, "chat-bench");
  get.set(http::field::authorization, authorization_);
  receive_.expires_after(open_ ? std::chrono::milliseconds(kPollLimit) : timeout_);
  auto [write_error, written] = co_await http::async_write(receive_, get, kTuple);
  if (write_error) co_return write_error.message();
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxPollBytes);
  auto [read_error, read] = co_await http::async_read(receive_, receive_buffer_, parser, kTuple);
  listener_.onBytesReceived(*this, read);
  if (read_error) co_return read_error.message();
  status = parser.get().result_int();
  body = std::move(parser.get().body());
  if (!parser.get().keep_alive()) co_return "the server closed the polling connection";
  co_return "";
}

std::string HttpConnection::received(std::string_view bytes) {
  if (!open_) {
    // Before open: the first record is the handshake's answer; the rest waits in the session.
    if (handshake_ != HubSession::Handshake::kRefused) {
      handshake_ = session_->onHandshakeBytes(bytes, handshake_error_);
    }
    return "";
  }
  return session_->onBytes(bytes);
}

std::string HttpConnection::takeEvents() {
  for (;;) {
    std::string_view data;
    switch (events_.next(data)) {
      case SseEventReader::Status::kIncomplete:
        return "";
      case SseEventReader::Status::kTooLarge:
        return "an event exceeds " + std::to_string(HubSession::kMaxRecordBytes) + " bytes";
      case SseEventReader::Status::kEvent:
        if (auto reason = received(data); !reason.empty()) return reason;
        if (ended_) return "";
    }
  }
}

asio::awaitable<std::string> HttpConnection::awaitHandshake() {
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  while (handshake_ == HubSession::Handshake::kWaiting) {
    if (std::chrono::steady_clock::now() >= deadline) co_return "handshake: no answer in time";
    if (sse()) {
      if (auto error = co_await readEventStream(); !error.empty()) co_return "handshake: " + error;
      if (auto error = takeEvents(); !error.empty()) co_return "handshake: " + error;
      continue;
    }
    unsigned status = 0;
    std::string body;
    if (auto error = co_await poll(status, body); !error.empty()) co_return "handshake: " + error;
    if (status != 200) co_return fmt::format("handshake: poll HTTP {}", status);
    received(body);
  }
  if (handshake_ == HubSession::Handshake::kRefused) co_return handshake_error_;
  co_return "";
}

asio::awaitable<void> HttpConnection::receiveLoop(
    [[maybe_unused]] std::shared_ptr<HttpConnection> self) {
  while (!ended_) {
    if (sse()) {
      auto error = co_await readEventStream();
      if (ended_) co_return;
      if (error.empty()) error = takeEvents();
      if (!error.empty()) end(closing_ ? "closed" : "SSE: " + error);
      continue;
    }
    unsigned status = 0;
    std::string body;
    auto error = co_await poll(status, body);
    if (ended_) co_return;
    if (!error.empty()) {
      end(closing_ ? "closed" : "poll: " + error);
    } else if (status == 204) {
      end(closing_ ? "closed" : "closed by the server");  // the connection has ended
    } else if (status != 200) {
      end(fmt::format("poll: HTTP {} {}", status, body.substr(0, 200)));
    } else if (auto reason = received(body); !reason.empty()) {
      end(reason);
    }
  }
}

asio::awaitable<std::string> HttpConnection::request(http::verb verb, std::string body) {
  http::request<http::string_body> out{verb, target_, 11};
  out.set(http::field::host, host_);
  out.set(http::field::user_agent, "chat-bench");
  out.set(http::field::authorization, authorization_);
  if (!body.empty()) out.set(http::field::content_type, content_type_);
  out.body() = std::move(body);
  out.keep_alive(true);
  out.prepare_payload();
  send_.expires_after(timeout_);
  auto [write_error, written] = co_await http::async_write(send_, out, kTuple);
  if (write_error) co_return write_error.message();
  http::response<http::string_body> response;
  auto [read_error, read] = co_await http::async_read(send_, send_buffer_, response, kTuple);
  listener_.onBytesReceived(*this, read);
  if (read_error) co_return read_error.message();
  const unsigned expected = verb == http::verb::delete_ ? 202 : 200;
  if (response.result_int() != expected) {
    co_return fmt::format("HTTP {} {}", response.result_int(), response.body().substr(0, 200));
  }
  if (!response.keep_alive()) co_return "the server closed the connection";
  co_return "";
}

asio::awaitable<std::string> HttpConnection::call(std::string_view target,
                                                  std::string arguments_json,
                                                  std::chrono::milliseconds timeout) {
  auto self = shared_from_this();
  co_return co_await session_->call(target, arguments_json, timeout);
}

void HttpConnection::sendRecord(std::string_view record) {
  if (!open_ || closing_) return;
  records_out_.append(record);
  if (!sending_) startSending();
}

void HttpConnection::startSending() {
  sending_ = true;
  asio::co_spawn(send_.get_executor(), sendLoop(shared_from_this()), asio::detached);
}

asio::awaitable<void> HttpConnection::sendLoop(
    [[maybe_unused]] std::shared_ptr<HttpConnection> self) {
  // Everything queued while a POST is under way goes out in the next one.
  while (!ended_) {
    if (!records_out_.empty()) {
      auto error = co_await request(http::verb::post, std::exchange(records_out_, {}));
      if (!error.empty()) {
        end(closing_ ? "closed" : "POST: " + error);
        break;
      }
      send_.expires_never();
      continue;
    }
    if (delete_pending_) {
      delete_pending_ = false;
      // The outstanding poll's 204 ends the connection.
      if (auto error = co_await request(http::verb::delete_, {}); !error.empty()) {
        end("closed (DELETE: " + error + ")");
      }
      send_.expires_never();
    }
    break;
  }
  sending_ = false;
}

asio::awaitable<void> HttpConnection::pingLoop(
    [[maybe_unused]] std::shared_ptr<HttpConnection> self) {
  while (!ended_ && !closing_) {
    ping_timer_.expires_after(ping_interval_);
    auto [error] = co_await ping_timer_.async_wait(kTuple);
    if (error || ended_ || closing_) co_return;
    sendRecord(pingRecord(session_->encoding()));
  }
}

void HttpConnection::close() {
  if (ended_ || closing_) return;
  if (!open_) {
    ended_ = true;
    beast::error_code ec;
    receive_.socket().close(ec);
    send_.socket().close(ec);
    return;
  }
  closing_ = true;
  ping_timer_.cancel();
  if (sse()) return end("closed");  // the client leaves by aborting its GET
  records_out_.clear();
  delete_pending_ = true;
  if (!sending_) startSending();
  asio::co_spawn(close_timer_.get_executor(), closeTimeout(shared_from_this()), asio::detached);
}

asio::awaitable<void> HttpConnection::closeTimeout(
    [[maybe_unused]] std::shared_ptr<HttpConnection> self) {
  close_timer_.expires_after(kCloseTimeout);
  co_await close_timer_.async_wait(kTuple);
  end("closed (no 204 from the server)");
}

void HttpConnection::end(std::string_view reason) {
  if (ended_) return;
  ended_ = true;
  open_ = false;
  ping_timer_.cancel();
  close_timer_.cancel();
  if (session_) session_->endCalls(reason);
  if (was_open_) listener_.onClosed(*this, reason, closing_);
  beast::error_code ec;
  receive_.socket().close(ec);
  send_.socket().close(ec);
}

}  // namespace

std::shared_ptr<Connection> createHttpConnection(asio::io_context& context, std::size_t index,
                                                 ConnectionListener& listener,
                                                 Transport transport) {
  return std::make_shared<HttpConnection>(context, index, listener, transport);
}

}  // namespace chat::bench
