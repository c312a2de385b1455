#include "connection.hpp"

#include <netinet/in.h>

#include <optional>
#include <utility>

#include <fmt/format.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <boost/beast/websocket/detail/hybi13.hpp>

#include "http_connection.hpp"
#include "hub_http.hpp"
#include "hub_session.hpp"
#include "ws_frame.hpp"

namespace chat::bench {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kMaxRecordBytes = HubSession::kMaxRecordBytes;
constexpr std::chrono::seconds kCloseTimeout{3};
// Bytes asked of each read. A burst of small frames is split in place, so one read and one
// pass serve every frame that arrived since the last one.
constexpr std::size_t kReadBytes = 64 * 1024;

class WebSocketConnection final : public Connection,
                                  public std::enable_shared_from_this<WebSocketConnection> {
 public:
  WebSocketConnection(asio::io_context& context, std::size_t index, ConnectionListener& listener)
      : Connection(index),
        stream_(context),
        listener_(listener),
        ping_timer_(context),
        mask_state_(static_cast<std::uint32_t>(index * 2654435761U) | 1U) {
    in_.max_size(kMaxRecordBytes + 2 * kReadBytes);
  }

  asio::awaitable<std::string> connect(ConnectSpec spec) override;
  asio::awaitable<std::string> call(std::string_view target, std::string arguments_json,
                                    std::chrono::milliseconds timeout) override;
  std::uint64_t nextInvocationId() override { return session_ ? session_->nextInvocationId() : 0; }
  void sendRecord(std::string_view record) override;
  void sendFrame(std::string frame) override;
  void close() override;
  bool isOpen() const override { return open_; }

 private:
  // Opening: SignalR negotiates first and shakes hands last; both modes upgrade alike.
  asio::awaitable<std::string> upgrade(const ConnectSpec& spec, const std::string& target);
  asio::awaitable<std::string> handshake();
  // Reading: frames are split in place from the bytes of each read (ws_frame.hpp).
  asio::awaitable<void> readLoop([[maybe_unused]] std::shared_ptr<WebSocketConnection> self);
  void onBytesRead();
  void onServerFrame(const ws::Frame& frame);
  void onMessage(std::string_view payload);
  void onSignalRBytes(std::string_view bytes);
  // Writing: encoded frames go out together, SignalR records as one text frame per write.
  void queueFrame(ws::Opcode opcode, std::string_view payload);
  void frameQueuedRecords();
  std::uint32_t nextMaskKey();
  void startWriting();
  asio::awaitable<void> writeLoop([[maybe_unused]] std::shared_ptr<WebSocketConnection> self);
  asio::awaitable<void> pingLoop([[maybe_unused]] std::shared_ptr<WebSocketConnection> self);
  asio::awaitable<void> closeTimeout([[maybe_unused]] std::shared_ptr<WebSocketConnection> self);
  tcp::socket& socket() { return stream_.socket(); }
  void end(std::string_view reason);

  beast::tcp_stream stream_;  // its time limits serve the opening only
  ConnectionListener& listener_;
  Protocol protocol_ = Protocol::kSignalR;
  std::chrono::milliseconds ping_interval_{15'000};
  beast::flat_buffer in_;              // bytes read, up to the end of the last whole frame
  std::optional<HubSession> session_;  // SignalR
  HubSession::Handshake handshake_ = HubSession::Handshake::kWaiting;
  std::string handshake_error_;
  ws::Opcode records_opcode_ = ws::Opcode::kText;  // binary for MessagePack
  std::string message_;                            // a fragmented message being put together
  bool fragmented_ = false;
  std::string records_out_;          // SignalR records waiting for the next write
  std::string frames_out_;           // encoded frames waiting for the next write
  std::size_t frames_out_data_ = 0;  // raw text frames among them, for onFrameWritten
  std::string writing_;              // frames being written
  bool writing_active_ = false;
  bool open_ = false;
  bool was_open_ = false;
  bool closing_ = false;
  bool ended_ = false;
  std::string end_reason_;
  asio::steady_timer ping_timer_;  // SignalR pings, then the close handshake's limit
  std::uint32_t mask_state_;
};

asio::awaitable<std::string> WebSocketConnection::connect(ConnectSpec spec) {
  auto self = shared_from_this();
  protocol_ = spec.protocol;
  ping_interval_ = spec.ping_interval;
  const ServerUrl& url = *spec.url;
  if (auto error = co_await connectStream(stream_, spec); !error.empty()) co_return error;

  std::string target = url.path;
  const bool signalr = protocol_ == Protocol::kSignalR;
  if (signalr) {
    session_.emplace(*this, listener_, spec.encoding);
    if (spec.encoding == HubEncoding::kMessagePack) records_opcode_ = ws::Opcode::kBinary;
    std::string token;
    std::size_t negotiated = 0;
    auto error = co_await negotiate(stream_, spec, token, negotiated);
    listener_.onBytesReceived(*this, negotiated);
    if (!error.empty()) co_return error;
    target = url.path + std::string(kHubPath) + "?id=" + token;
    stream_.expires_after(spec.timeout);
  }
  if (auto error = co_await upgrade(spec, target); !error.empty()) co_return error;
  if (signalr) {
    stream_.expires_after(spec.timeout);
    if (auto error = co_await handshake(); !error.empty()) co_return error;
  }
  stream_.expires_never();  // pings keep an open connection alive
  open_ = true;
  was_open_ = true;
  asio::co_spawn(stream_.get_executor(), readLoop(self), asio::detached);
  if (signalr) {
    // As the official clients do right after the handshake.
    sendRecord(pingRecord(session_->encoding()));
    asio::co_spawn(stream_.get_executor(), pingLoop(self), asio::detached);
    // Records that came in the same read as the handshake answer.
    onSignalRBytes({});
  }
  co_return "";
}

asio::awaitable<std::string> WebSocketConnection::upgrade(const ConnectSpec& spec,
                                                          const std::string& target) {
  namespace hybi13 = beast::websocket::detail;
  hybi13::sec_ws_key_type key;
  hybi13::make_sec_ws_key(key);
  const beast::string_view key_text(key.data(), key.size());
  http::request<http::empty_body> request{http::verb::get, target, 11};
  request.set(http::field::host, spec.url->host_header);
  request.set(http::field::user_agent, "chat-bench");
  request.set(http::field::upgrade, "websocket");
  request.set(http::field::connection, "Upgrade");
  request.set(http::field::sec_websocket_key, key_text);
  request.set(http::field::sec_websocket_version, "13");
  if (protocol_ == Protocol::kSignalR) {
    request.set(http::field::authorization, "Bearer " + spec.token);
  }
  auto [write_error, written] = co_await http::async_write(stream_, request, kTuple);
  if (write_error) co_return "WebSocket upgrade: " + write_error.message();
  // Bytes after the response (frames already on their way) stay in in_ for the reader. A
  // refusal's body says why.
  http::response<http::string_body> response;
  auto [read_error, read] = co_await http::async_read(stream_, in_, response, kTuple);
  if (read_error) co_return "WebSocket upgrade: " + read_error.message();
  if (response.result() != http::status::switching_protocols) {
    co_return fmt::format("WebSocket upgrade: HTTP {} {}", response.result_int(),
                          response.body().substr(0, 200));
  }
  hybi13::sec_ws_accept_type accept;
  hybi13::make_sec_ws_accept(accept, key_text);
  if (response[http::field::sec_websocket_accept] !=
      beast::string_view(accept.data(), accept.size())) {
    co_return "WebSocket upgrade: a wrong Sec-WebSocket-Accept";
  }
  co_return "";
}

asio::awaitable<std::string> WebSocketConnection::handshake() {
  // A text frame for either hub protocol: the handshake is JSON.
  std::string frame;
  ws::appendClientFrame(frame, ws::Opcode::kText, handshakeRecord(session_->encoding()),
                        nextMaskKey());
  auto [write_error, written] = co_await asio::async_write(stream_, asio::buffer(frame), kTuple);
  if (write_error) co_return "handshake: " + write_error.message();
  // Until the connection is open, SignalR bytes only gather in the session (onSignalRBytes):
  // the first record is the answer, the rest waits for connect() to hand it over.
  while (true) {
    onBytesRead();
    if (handshake_ == HubSession::Handshake::kRefused) co_return handshake_error_;
    if (handshake_ == HubSession::Handshake::kDone) {
      co_return ended_ ? "handshake: " + end_reason_ : "";
    }
    if (ended_) co_return "handshake: " + end_reason_;
    auto [read_error, read] = co_await stream_.async_read_some(in_.prepare(kReadBytes), kTuple);
    if (read_error) co_return "handshake: " + read_error.message();
    listener_.onBytesReceived(*this, read);
    in_.commit(read);
  }
}

asio::awaitable<void> WebSocketConnection::readLoop(
    [[maybe_unused]] std::shared_ptr<WebSocketConnection> self) {
  // One recv per readiness, not two: a read that returns less than it asked for took all that
  // had arrived, so the next one waits for readiness first. (async_read_some would try a
  // speculative recv at once, which fails with EAGAIN when frames arrive one at a time, as
  // they do from a broadcast server: two system calls per message.) Anything arriving after
  // the read raises a new readiness event (edge-triggered epoll), which the io_context's one
  // thread sees only after this wait is queued.
  beast::error_code ec;
  socket().non_blocking(true, ec);
  onBytesRead();  // what came with the upgrade response or the handshake answer
  bool wait = false;
  while (!ended_) {
    if (wait) {
      auto [wait_error] = co_await socket().async_wait(tcp::socket::wait_read, kTuple);
      if (ended_) co_return;
      if (wait_error) {
        end(closing_ ? "closed" : "read: " + wait_error.message());
        co_return;
      }
    }
    const std::size_t bytes = socket().read_some(in_.prepare(kReadBytes), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
      wait = true;
      continue;
    }
    if (ec) {
      if (closing_) {
        end("closed");
      } else {
        end(ec == asio::error::eof ? "closed by the server" : "read: " + ec.message());
      }
      co_return;
    }
    in_.commit(bytes);
    listener_.onBytesReceived(*this, bytes);
    onBytesRead();
    wait = bytes < kReadBytes;
  }
}

void WebSocketConnection::onBytesRead() {
  const auto data = in_.cdata();
  const std::string_view bytes(static_cast<const char*>(data.data()), data.size());
  std::size_t used = 0;
  while (!ended_) {
    ws::Frame frame;
    std::size_t consumed = 0;
    std::string_view error;
    const auto status =
        ws::parseServerFrame(bytes.substr(used), kMaxRecordBytes, frame, consumed, error);
    if (status == ws::ParseStatus::kIncomplete) break;
    if (status == ws::ParseStatus::kError) return end("read: " + std::string(error));
    used += consumed;
    onServerFrame(frame);
  }
  in_.consume(used);
}

void WebSocketConnection::onServerFrame(const ws::Frame& frame) {
  switch (frame.opcode) {
    case ws::Opcode::kText:
    case ws::Opcode::kBinary:
      if (fragmented_) return end("read: a new message inside a fragmented one");
      if (frame.fin) return onMessage(frame.payload);
      message_.assign(frame.payload);
      fragmented_ = true;
      return;
    case ws::Opcode::kContinuation:
      if (!fragmented_) return end("read: a continuation without a message");
      if (message_.size() + frame.payload.size() > kMaxRecordBytes) {
        return end("read: a message above the size limit");
      }
      message_.append(frame.payload);
      if (frame.fin) {
        fragmented_ = false;
        onMessage(message_);
      }
      return;
    case ws::Opcode::kPing:
      if (!closing_) queueFrame(ws::Opcode::kPong, frame.payload);
      return;
    case ws::Opcode::kPong:
      return;
    case ws::Opcode::kClose:
      if (closing_) return end("closed");
      // The server closes first: answer (best effort, without waiting), then end.
      if (!writing_active_) {
        std::string reply;
        ws::appendClientFrame(reply, ws::Opcode::kClose, frame.payload.substr(0, 2), nextMaskKey());
        beast::error_code ec;
        socket().non_blocking(true, ec);
        socket().write_some(asio::buffer(reply), ec);
      }
      return end("closed by the server");
  }
}

void WebSocketConnection::onMessage(std::string_view payload) {
  if (protocol_ == Protocol::kSignalR) return onSignalRBytes(payload);
  listener_.onFrame(*this, payload);
}

void WebSocketConnection::onSignalRBytes(std::string_view bytes) {
  if (!open_) {
    // handshake() takes the answer first; what follows it waits in the session.
    if (handshake_ != HubSession::Handshake::kRefused) {
      handshake_ = session_->onHandshakeBytes(bytes, handshake_error_);
    }
    return;
  }
  if (auto reason = session_->onBytes(bytes); !reason.empty()) end(reason);
}

asio::awaitable<std::string> WebSocketConnection::call(std::string_view target,
                                                       std::string arguments_json,
                                                       std::chrono::milliseconds timeout) {
  auto self = shared_from_this();
  if (!session_) co_return "not a hub connection";
  co_return co_await session_->call(target, arguments_json, timeout);
}

void WebSocketConnection::sendRecord(std::string_view record) {
  if (!open_ || closing_) return;
  records_out_.append(record);
  if (!writing_active_) startWriting();
}

void WebSocketConnection::sendFrame(std::string frame) {
  if (!open_ || closing_) return;
  ++frames_out_data_;  // first: queueFrame may start the writer, which takes the count
  queueFrame(ws::Opcode::kText, frame);
}

void WebSocketConnection::queueFrame(ws::Opcode opcode, std::string_view payload) {
  ws::appendClientFrame(frames_out_, opcode, payload, nextMaskKey());
  if (!writing_active_) startWriting();
}

void WebSocketConnection::frameQueuedRecords() {
  if (records_out_.empty()) return;
  ws::appendClientFrame(frames_out_, records_opcode_, records_out_, nextMaskKey());
  records_out_.clear();
}

std::uint32_t WebSocketConnection::nextMaskKey() {
  // xorshift32: masking keys need only vary (RFC 6455 asks them not to be predictable by
  // scripts in a browser, which is not what this is).
  mask_state_ ^= mask_state_ << 13;
  mask_state_ ^= mask_state_ >> 17;
  mask_state_ ^= mask_state_ << 5;
  return mask_state_;
}

void WebSocketConnection::startWriting() {
  writing_active_ = true;
  asio::co_spawn(stream_.get_executor(), writeLoop(shared_from_this()), asio::detached);
}

asio::awaitable<void> WebSocketConnection::writeLoop(
    [[maybe_unused]] std::shared_ptr<WebSocketConnection> self) {
  while (!ended_) {
    // Everything queued goes out in one write; each raw text frame among it counts as written.
    frameQueuedRecords();
    if (frames_out_.empty()) break;
    writing_.swap(frames_out_);
    frames_out_.clear();
    const std::size_t data_frames = std::exchange(frames_out_data_, 0);
    auto [error, written] = co_await asio::async_write(socket(), asio::buffer(writing_), kTuple);
    if (error) {
      end("write: " + error.message());
      break;
    }
    for (std::size_t i = 0; i < data_frames; ++i) listener_.onFrameWritten(*this);
  }
  writing_active_ = false;
}

asio::awaitable<void> WebSocketConnection::pingLoop(
    [[maybe_unused]] std::shared_ptr<WebSocketConnection> self) {
  while (!ended_ && !closing_) {
    ping_timer_.expires_after(ping_interval_);
    auto [error] = co_await ping_timer_.async_wait(kTuple);
    if (error || ended_ || closing_) co_return;
    sendRecord(pingRecord(session_->encoding()));
  }
}

void WebSocketConnection::close() {
  if (ended_ || closing_) return;
  if (!open_) {
    ended_ = true;
    beast::error_code ec;
    socket().close(ec);
    return;
  }
  closing_ = true;
  ping_timer_.cancel();
  // Our Close goes out after what is queued; the reader ends the connection when the server's
  // Close (or the end of the stream) arrives, or the timer does.
  frameQueuedRecords();
  queueFrame(ws::Opcode::kClose, ws::closePayload(1000));
  asio::co_spawn(stream_.get_executor(), closeTimeout(shared_from_this()), asio::detached);
}

asio::awaitable<void> WebSocketConnection::closeTimeout(
    [[maybe_unused]] std::shared_ptr<WebSocketConnection> self) {
  ping_timer_.expires_after(kCloseTimeout);
  co_await ping_timer_.async_wait(kTuple);
  end("closed (no Close from the server)");
}

void WebSocketConnection::end(std::string_view reason) {
  if (ended_) return;
  ended_ = true;
  end_reason_ = reason;
  open_ = false;
  ping_timer_.cancel();
  if (session_) session_->endCalls(reason);
  if (was_open_) listener_.onClosed(*this, reason, closing_);
  beast::error_code ec;
  socket().close(ec);
}

}  // namespace

std::shared_ptr<Connection> Connection::create(asio::io_context& context, std::size_t index,
                                               ConnectionListener& listener, Transport transport) {
  if (transport != Transport::kWebSockets) {
    return createHttpConnection(context, index, listener, transport);
  }
  return std::make_shared<WebSocketConnection>(context, index, listener);
}

}  // namespace chat::bench
