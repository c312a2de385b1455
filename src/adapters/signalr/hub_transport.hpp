#pragma once
// The wire under one hub connection: a WebSocket, a Server-Sent Events stream with its
// sends by POST, or long polls. The connection is the same above every transport; a
// transport only moves whole records and reports what happened to its owner:
// HubConnection::received (inbound bytes), written (a write left or was collected),
// transportClosed (close() is done) and transportLost (the wire went without a close).
//
// Thread affinity: the owner's loop. Each transport is owned by its connection, and keeps
// it alive (shared_ptr) while an operation of its own is under way.
#include <boost/asio/buffer.hpp>
#include <chrono>
#include <optional>
#include <span>

#include "adapters/signalr/protocol/hub_protocol.hpp"

namespace chat::signalr {

class HubConnection;

class HubTransport {
 public:
  virtual ~HubTransport() = default;

  // What it can carry: the handshake refuses a binary protocol on a text transport.
  virtual TransferFormat transferFormat() const = 0;
  // Long polling: liveness is the polls themselves, so the hub neither pings nor applies
  // the client timeout to silence (it ends a connection nobody polls instead).
  virtual bool inherentKeepAlive() const { return false; }
  // Long polling: since when no poll has been waiting (none while one waits).
  virtual std::optional<std::chrono::steady_clock::time_point> awaySince() const {
    return std::nullopt;
  }
  // The handshake chose a protocol of this format: a WebSocket sends binary frames for it.
  virtual void useFormat(TransferFormat) {}
  // Whether the client's sends come by POST (SSE and long polling) rather than on the wire.
  virtual bool sendsByPost() const { return false; }

  // Begins: reading, for a transport that reads. `owner` outlives every callback.
  virtual void start(HubConnection& owner) = 0;
  // Sends `records`, each whole, in one transport message; the buffers stay valid until
  // the owner's written() is called, once.
  virtual void write(std::span<const boost::asio::const_buffer> records) = 0;
  // Everything is written: end cleanly, then call the owner's transportClosed().
  virtual void close() = 0;
  // Ends at once; no callback follows.
  virtual void abort() = 0;
};

}  // namespace chat::signalr
