#include "adapters/signalr/websocket_transport.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include "adapters/signalr/hub_connection.hpp"
#include "adapters/signalr/loop_shard.hpp"
#include "adapters/signalr/operation_allocator.hpp"
#include "adapters/signalr/read_chunk_size.hpp"

namespace chat::signalr {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {
constexpr auto kCloseGrace = std::chrono::seconds(5);
}  // namespace

WebSocketTransport::WebSocketTransport(WebSocket socket, std::size_t max_message_bytes,
                                       http::ConnectionSlots::Slot slot)
    : socket_(std::move(socket)), max_message_bytes_(max_message_bytes), slot_(std::move(slot)) {}

void WebSocketTransport::useFormat(TransferFormat format) {
  binary_ = format == TransferFormat::kBinary;
  socket_.binary(binary_);
}

void WebSocketTransport::start(HubConnection& owner) {
  owner_ = &owner;
  socket_.binary(binary_);
  socket_.auto_fragment(false);
  socket_.read_message_max(max_message_bytes_);
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = kCloseGrace;                // also bounds the closing handshake
  timeouts.idle_timeout = websocket::stream_base::none();  // the heartbeat handles idleness
  timeouts.keep_alive_pings = false;
  socket_.set_option(timeouts);
  asio::co_spawn(socket_.get_executor(), readLoop(owner.shared_from_this()), asio::detached);
}

asio::awaitable<void> WebSocketTransport::readLoop(std::shared_ptr<HubConnection> owner) {
  auto self = shared_from_this();
  beast::flat_buffer buffer;
  ReadChunkSize read_chunk;
  while (!aborted_) {
    co_await owner->roomToRead();
    if (aborted_) break;
    // Pieces, not whole messages: the connection's record reader joins them.
    auto [ec, bytes] = co_await socket_.async_read_some(buffer, read_chunk.next(),
                                                        asio::as_tuple(asio::use_awaitable));
    if (ec) break;
    const auto data = buffer.cdata();
    owner->received(this, std::string_view(static_cast<const char*>(data.data()), data.size()));
    buffer.consume(buffer.size());
    if (read_chunk.afterRead(bytes)) buffer.shrink_to_fit();  // give the large buffer back
  }
  owner->transportLost(this);
}

// Callbacks rather than a coroutine: when deliveries come one at a time, a coroutine
// frame per write was a large allocation per delivery.
void WebSocketTransport::write(std::span<const asio::const_buffer> records) {
  socket_.async_write(
      records, asio::bind_allocator(
                   OperationAllocator<void>{},
                   [self = shared_from_this(), owner = owner_->shared_from_this()](
                       beast::error_code ec, std::size_t) { owner->written(self.get(), !ec); }));
}

void WebSocketTransport::close() {
  socket_.async_close(websocket::close_code::normal,
                      [self = shared_from_this(), owner = owner_->shared_from_this()](
                          beast::error_code) { owner->transportClosed(self.get()); });
}

void WebSocketTransport::abort() {
  aborted_ = true;
  beast::error_code ignored;
  beast::get_lowest_layer(socket_).socket().close(ignored);
}

}  // namespace chat::signalr
