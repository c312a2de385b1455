// The transport half of HubConnection: reading records, the outbound queue, keep-alive,
// timeouts and closing. The hub methods are in hub_connection_methods.cpp.
#include "adapters/signalr/hub_connection.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <span>

#include "adapters/signalr/hub_errors.hpp"
#include "adapters/signalr/loop_shard.hpp"
#include "adapters/signalr/operation_allocator.hpp"
#include "adapters/signalr/protocol/handshake.hpp"
#include "adapters/signalr/protocol/hub_message_parser.hpp"
#include "adapters/signalr/protocol/hub_message_writer.hpp"
#include "adapters/signalr/read_chunk_size.hpp"

namespace chat::signalr {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {
constexpr auto kCloseGrace = std::chrono::seconds(5);
constexpr std::size_t kMaxFrameBytes = 1024 * 1024;

const SharedRecord& pingShared() {
  static const SharedRecord ping = makeRecord(std::string(pingRecord()));
  return ping;
}
}  // namespace

HubConnection::HubConnection(WebSocket socket, Principal principal, std::string connection_id,
                             LoopShard& shard, HubServices& services,
                             http::ConnectionSlots::Slot slot)
    : socket_(std::move(socket)),
      principal_(std::move(principal)),
      connection_id_(std::move(connection_id)),
      shard_(shard),
      services_(services),
      reader_(services.options.max_record_bytes),
      opened_(shard.now()),
      last_received_(shard.now()),
      last_sent_(shard.now()),
      invocation_tokens_(services.options.invocation_burst),
      tokens_updated_(shard.now()),
      slot_(std::move(slot)) {}

void HubConnection::start() {
  socket_.text(true);
  socket_.auto_fragment(false);
  socket_.read_message_max(std::max(kMaxFrameBytes, 2 * services_.options.max_record_bytes));
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = kCloseGrace;                // also bounds the closing handshake
  timeouts.idle_timeout = websocket::stream_base::none();  // the heartbeat handles idleness
  timeouts.keep_alive_pings = false;
  socket_.set_option(timeouts);
  shard_.add(shared_from_this());
  asio::co_spawn(shard_.loop(), readLoop(), asio::detached);
}

asio::awaitable<void> HubConnection::readLoop() {
  auto self = shared_from_this();
  beast::flat_buffer buffer;
  ReadChunkSize read_chunk;
  while (!finished_) {
    if (pending_sends_ >= services_.options.max_pending_sends) {
      // Back-pressure: stop reading until some sends are stored.
      room_to_read_.emplace(shard_.loop(), asio::steady_timer::time_point::max());
      co_await room_to_read_->async_wait(asio::as_tuple(asio::use_awaitable));
      room_to_read_.reset();
      continue;
    }
    // Pieces, not whole messages: the records reader joins them.
    auto [ec, bytes] = co_await socket_.async_read_some(buffer, read_chunk.next(),
                                                        asio::as_tuple(asio::use_awaitable));
    if (ec) break;
    last_received_ = shard_.now();
    const auto data = buffer.cdata();
    reader_.append(std::string_view(static_cast<const char*>(data.data()), data.size()));
    buffer.consume(buffer.size());
    if (read_chunk.afterRead(bytes)) buffer.shrink_to_fit();  // give the large buffer back
    while (!closing_) {
      auto record = reader_.next();
      if (!record) {
        protocolError(record.error().message);
        break;
      }
      if (!*record) break;
      onRecord(**record);
    }
  }
  finish();
}

void HubConnection::finish() {
  if (finished_) return;
  finished_ = true;
  for (GroupId group : groups_) shard_.subscriptions().unsubscribe(group, this);
  groups_.clear();
  queue_.clear();
  shard_.remove(this);
  services_.user_connections.remove(principal_.user_id);
  beast::error_code ignored;
  beast::get_lowest_layer(socket_).socket().close(ignored);
}

void HubConnection::enqueue(SharedRecord record) {
  if (finished_) return;
  if (queued_bytes_ + record->size() > services_.options.max_queued_bytes) {
    // A reader this slow would make the server hold its messages without end.
    queue_.clear();
    queued_bytes_ = 0;
    close("Connection closed with an error. The client is not reading its messages.", true);
    return;
  }
  queued_bytes_ += record->size();
  queue_.push_back(std::move(record));
  if (writing_) return;
  writing_ = true;
  scheduleWrite();
}

// Not started here: the handler that queued the first record goes on to queue the rest of
// its burst (a committed batch's deliveries or acknowledgements), and all of it leaves in
// one write.
void HubConnection::scheduleWrite() {
  shard_.scheduleWrite(shared_from_this());
}

// Everything queued goes out as one WebSocket message: SignalR allows several records in
// one message, and one write per burst instead of per record is what keeps fan-out cheap.
// Callbacks rather than a coroutine: when deliveries come one at a time, a coroutine
// frame per write was a large allocation per delivery.
void HubConnection::writeQueued() {
  if (finished_) {
    writing_ = false;
    return;
  }
  if (queue_.empty()) {
    if (!closing_) {
      writing_ = false;
      return;
    }
    // Everything is sent: close the WebSocket. writing_ stays set, so nothing else is
    // written meanwhile.
    socket_.async_close(websocket::close_code::normal,
                        [self = shared_from_this()](beast::error_code) { self->finish(); });
    return;
  }
  // The records stay in sending_ until the write completes; the stream copies only the
  // view of send_buffers_. Both keep their storage between writes of a busy connection.
  sending_.swap(queue_);
  queued_bytes_ = 0;
  send_buffers_.clear();
  for (const auto& record : sending_) send_buffers_.emplace_back(record->data(), record->size());
  socket_.async_write(
      std::span<const asio::const_buffer>(send_buffers_),
      asio::bind_allocator(
          OperationAllocator<void>{},
          [self = shared_from_this()](beast::error_code ec, std::size_t) { self->written(ec); }));
}

void HubConnection::written(beast::error_code ec) {
  sending_.clear();
  if (ec) {
    writing_ = false;
    finish();
    return;
  }
  last_sent_ = shard_.now();
  if (queue_.empty()) {
    // Going idle: an idle connection holds no write storage.
    sending_ = {};
    send_buffers_ = {};
  }
  writeQueued();
}

void HubConnection::close(const std::optional<std::string>& error, bool allow_reconnect) {
  if (closing_ || finished_) return;
  if (!handshaken_) {
    finish();
    return;
  }
  send(serializeClose(error, allow_reconnect));
  beginClose();
}

void HubConnection::beginClose() {
  if (closing_ || finished_) return;
  closing_ = true;
  close_deadline_ = shard_.now() + kCloseGrace;
  shard_.heartbeatBy(shared_from_this(), close_deadline_);
  if (writing_) return;  // the writer closes the WebSocket once the queue is sent
  writing_ = true;
  scheduleWrite();
}

void HubConnection::protocolError(const std::string& reason) {
  spdlog::debug("hub connection closed: protocol error");
  close("Connection closed with an error. " + reason, false);
}

std::optional<HubConnection::TimePoint> HubConnection::nextHeartbeat() const {
  if (finished_) return std::nullopt;
  if (closing_) return close_deadline_;
  if (!handshaken_) return opened_ + services_.options.handshake_timeout;
  return std::min(last_received_ + services_.options.client_timeout,
                  last_sent_ + services_.options.keep_alive_interval);
}

bool HubConnection::heartbeat(TimePoint now) {
  if (now == last_heartbeat_) return false;
  last_heartbeat_ = now;
  if (finished_) return true;
  if (closing_) {
    if (now >= close_deadline_) finish();
  } else if (!handshaken_) {
    if (now - opened_ >= services_.options.handshake_timeout) finish();
  } else if (now - last_received_ >= services_.options.client_timeout) {
    close("Server timeout elapsed without receiving a message from the client.", true);
  } else if (now - last_sent_ >= services_.options.keep_alive_interval && !writing_) {
    enqueue(pingShared());
  }
  return true;
}

void HubConnection::onRecord(std::string_view record) {
  if (!handshaken_) return onHandshake(record);
  auto message = parseHubMessage(record);
  if (!message) return protocolError(message.error().message);
  std::visit(
      [this](auto& parsed) {
        using T = std::decay_t<decltype(parsed)>;
        if constexpr (std::is_same_v<T, Invocation>) {
          onInvocation(parsed);
        } else if constexpr (std::is_same_v<T, StreamInvocation>) {
          complete(parsed.invocation_id,
                   Error::invalid("Streaming hub methods are not supported."));
        } else if constexpr (std::is_same_v<T, Close>) {
          beginClose();  // the client is leaving: answer its WebSocket close cleanly
        }
        // Ping only refreshes last_received_; the rest is ignored, as ASP.NET does.
      },
      *message);
}

void HubConnection::onHandshake(std::string_view record) {
  auto request = parseHandshakeRequest(record);
  Status supported = request ? checkHandshakeSupported(*request) : Status(request.error());
  if (!supported) {
    // The handshake error is the last thing the client hears; the socket closes after it.
    send(handshakeError(supported.error().message));
    handshaken_ = true;
    beginClose();
    return;
  }
  handshaken_ = true;
  send(std::string(handshakeResponse()));
  // The keep-alive and the client timeout may come before the handshake timeout did.
  if (auto next = nextHeartbeat()) shard_.heartbeatBy(shared_from_this(), *next);
}

void HubConnection::complete(const std::optional<std::string>& id,
                             const Result<boost::json::value>& result) {
  if (!id || finished_) return;
  send(result ? serializeCompletionResult(*id, *result)
              : serializeCompletionError(*id, completionErrorText(result.error())));
}

void HubConnection::completeVoid(const std::optional<std::string>& id, const Status& status) {
  if (!id || finished_) return;
  send(status ? serializeCompletionVoid(*id)
              : serializeCompletionError(*id, completionErrorText(status.error())));
}

}  // namespace chat::signalr
