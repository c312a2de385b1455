#pragma once
// The WebSockets transport: full duplex on one socket. Inbound frames are read as a byte
// stream (records may span frames, and a frame may hold several); each write is one
// message of whole records, text frames for JSON and binary frames for MessagePack.
//
// Thread affinity: the socket's loop, which is the owner's.
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <memory>

#include "adapters/http/connection_slots.hpp"
#include "adapters/signalr/hub_transport.hpp"

namespace chat::signalr {

class WebSocketTransport final : public HubTransport,
                                 public std::enable_shared_from_this<WebSocketTransport> {
 public:
  using WebSocket = boost::beast::websocket::stream<boost::beast::tcp_stream>;

  // The WebSocket handshake is done. `max_message_bytes` bounds one inbound message.
  WebSocketTransport(WebSocket socket, std::size_t max_message_bytes,
                     http::ConnectionSlots::Slot slot);

  TransferFormat transferFormat() const override { return TransferFormat::kBinary; }
  void useFormat(TransferFormat format) override;
  void start(HubConnection& owner) override;
  void write(std::span<const boost::asio::const_buffer> records) override;
  void close() override;
  void abort() override;

 private:
  boost::asio::awaitable<void> readLoop(std::shared_ptr<HubConnection> owner);

  WebSocket socket_;
  std::size_t max_message_bytes_;
  http::ConnectionSlots::Slot slot_;  // counts this connection against the server's limits
  HubConnection* owner_ = nullptr;
  bool binary_ = false;
  bool aborted_ = false;
};

}  // namespace chat::signalr
