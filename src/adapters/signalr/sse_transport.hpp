#pragma once
// The Server-Sent Events transport: the response to the client's GET stays open as a
// `text/event-stream`, and each write is one event whose `data:` lines carry whole
// records; the client's own messages come by POST (HubConnection::received). Nothing on
// the way may hold the events back: chunked encoding, flushed per write, with
// `X-Accel-Buffering: no` for nginx. Text only: the JSON protocol.
//
// Thread affinity: the stream's loop, which is the owner's.
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/http/connection_slots.hpp"
#include "adapters/signalr/hub_transport.hpp"

namespace chat::signalr {

class SseTransport final : public HubTransport, public std::enable_shared_from_this<SseTransport> {
 public:
  // `extra_headers`: whole header lines (CORS), each ending in CRLF.
  SseTransport(boost::beast::tcp_stream stream, const std::string& extra_headers,
               http::ConnectionSlots::Slot slot);

  TransferFormat transferFormat() const override { return TransferFormat::kText; }
  bool sendsByPost() const override { return true; }
  // Writes the response's head and a first comment (browsers open the stream on data),
  // and watches the socket for the client going away.
  void start(HubConnection& owner) override;
  void write(std::span<const boost::asio::const_buffer> records) override;
  void close() override;
  void abort() override;

  // One event of `payload`: every line as `data: <line>` CRLF, then an empty line
  // (exposed for tests).
  static std::string event(std::string_view payload);

 private:
  boost::asio::awaitable<void> watch(std::shared_ptr<HubConnection> owner);
  void writeEvent(std::span<const boost::asio::const_buffer> records);

  boost::beast::tcp_stream stream_;
  std::string head_;  // the response head until it is sent, then each chunk's size line
  http::ConnectionSlots::Slot slot_;
  HubConnection* owner_ = nullptr;
  std::string event_;  // a payload with line breaks, rewritten as lines
  std::vector<boost::asio::const_buffer> buffers_;
  bool head_sent_ = false;
  std::optional<std::span<const boost::asio::const_buffer>> deferred_;  // came before the head left
  bool aborted_ = false;
};

}  // namespace chat::signalr
