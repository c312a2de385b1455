#pragma once
// Connection: one client connection, either a SignalR hub connection (negotiate with a bearer
// token, then its transport, the handshake of its hub protocol, JSON or MessagePack records,
// a ping every 15 s; hub_session.hpp) or a raw WebSocket whose messages are the payloads.
// Hub connections run over WebSockets (here) or Server-Sent Events and long polling
// (http_connection.hpp). WebSockets do their own framing on the TCP socket
// (ws_frame.hpp): each read takes whatever has arrived, up to 64 KiB, and every whole frame in
// it is handled from that buffer, without a completion per frame; SignalR records are split
// from the frames in place. Outgoing SignalR records are coalesced: what is queued while a
// write is in progress goes out in the next frame; raw frames queued meanwhile go out together
// in the next write.
// Not thread-safe: everything about a connection runs on its io_context's one thread.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>

#include "hub_encoding.hpp"
#include "receipt_parser.hpp"
#include "server_url.hpp"

namespace chat::bench {

enum class Protocol { kSignalR, kRaw };
// How a hub connection's bytes travel (raw connections: always WebSockets).
enum class Transport { kWebSockets, kServerSentEvents, kLongPolling };

// By its --transport name: websockets, sse, longpolling.
inline std::optional<Transport> transportNamed(std::string_view name) {
  if (name == "websockets") return Transport::kWebSockets;
  if (name == "sse") return Transport::kServerSentEvents;
  if (name == "longpolling") return Transport::kLongPolling;
  return std::nullopt;
}

struct ConnectSpec {
  const ServerUrl* url = nullptr;  // outlives the connection
  Protocol protocol = Protocol::kSignalR;
  Transport transport = Transport::kWebSockets;  // SignalR
  HubEncoding encoding = HubEncoding::kJson;     // SignalR
  std::string token;                             // SignalR: the bearer token
  boost::asio::ip::address source;               // local address to bind; unspecified = any
  std::chrono::milliseconds timeout{30'000};
  std::chrono::milliseconds ping_interval{15'000};
};

class Connection;

// Callbacks, on the connection's thread.
class ConnectionListener {
 public:
  // SignalR: every record except pings, the handshake answer and completions awaited by call().
  virtual void onRecord(Connection& connection, const Receipt& receipt) = 0;
  // Raw: every message (text or binary), put together if fragmented.
  virtual void onFrame(Connection& /*connection*/, std::string_view /*text*/) {}
  // Bytes read from the server, HTTP headers and framing included, as they arrive.
  virtual void onBytesReceived(Connection& /*connection*/, std::size_t /*bytes*/) {}
  // Raw: a queued frame was written.
  virtual void onFrameWritten(Connection& /*connection*/) {}
  // Once, when an open connection ends: `requested` when by close(), else unexpectedly.
  virtual void onClosed(Connection& connection, std::string_view reason, bool requested) = 0;

 protected:
  ~ConnectionListener() = default;
};

class Connection {
 public:
  // A connection over `transport` (a raw one: kWebSockets).
  static std::shared_ptr<Connection> create(boost::asio::io_context& context, std::size_t index,
                                            ConnectionListener& listener, Transport transport);
  virtual ~Connection() = default;

  // The caller's number for this connection.
  std::size_t index() const { return index_; }

  // Connects and, for SignalR, negotiates and shakes hands; then reads until closed. Returns
  // "" on success, else what failed. Call once, on the connection's io_context.
  virtual boost::asio::awaitable<std::string> connect(ConnectSpec spec) = 0;

  // SignalR: invokes `target` with `arguments_json` (a JSON array) and waits for its
  // Completion: "" on success, else the error or a timeout.
  virtual boost::asio::awaitable<std::string> call(std::string_view target,
                                                   std::string arguments_json,
                                                   std::chrono::milliseconds timeout) = 0;

  // SignalR: a fresh invocation id for a record the caller builds.
  virtual std::uint64_t nextInvocationId() = 0;
  // SignalR: queues one record (0x1E or length prefix included).
  virtual void sendRecord(std::string_view record) = 0;
  // Raw: queues one text frame.
  virtual void sendFrame(std::string frame) = 0;

  // Starts a graceful close (WebSocket close handshake, bounded); onClosed(requested) follows
  // if the connection was open.
  virtual void close() = 0;
  virtual bool isOpen() const = 0;

 protected:
  explicit Connection(std::size_t index) : index_(index) {}

 private:
  std::size_t index_;
};

}  // namespace chat::bench
