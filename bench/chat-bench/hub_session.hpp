#pragma once
// HubSession: the SignalR side of one hub connection, whatever carries its bytes. It
// answers the handshake, splits what arrives into records (0x1E-separated JSON, or
// length-prefixed MessagePack after the handshake), scans each record (receipt_parser.hpp,
// messagepack_receipt.hpp), wakes the call() waiting for a Completion and hands every other
// record but pings to the listener. Its owner, a transport, feeds it bytes and sends what
// it asks to send through Connection::sendRecord.
// Not thread-safe: it lives on its connection's io_context thread.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "adapters/signalr/protocol/record_reader.hpp"
#include "connection.hpp"
#include "hub_encoding.hpp"

namespace chat::bench {

class HubSession {
 public:
  static constexpr std::size_t kMaxRecordBytes = 16 * 1024 * 1024;

  HubSession(Connection& owner, ConnectionListener& listener, HubEncoding encoding);

  HubEncoding encoding() const { return encoding_; }

  enum class Handshake { kWaiting, kDone, kRefused };
  // Before the connection opens: gathers `bytes` and looks for the handshake's answer; on
  // kRefused, `error` says why. Bytes after the answer, in this call or later ones, stay
  // buffered for the first onBytes().
  Handshake onHandshakeBytes(std::string_view bytes, std::string& error);

  // After the handshake: every whole record of what has arrived so far, `bytes` included.
  // Returns "" or why the connection must end (a record too large, a Close).
  std::string onBytes(std::string_view bytes);

  // Invokes `target` with `arguments_json` (a JSON array) and waits for its Completion:
  // "" on success, else the error or a timeout. The owner must outlive the wait.
  boost::asio::awaitable<std::string> call(std::string_view target, std::string_view arguments_json,
                                           std::chrono::milliseconds timeout);
  std::uint64_t nextInvocationId() { return ++last_invocation_id_; }

  // The connection ended: every call() waiting returns this reason.
  void endCalls(std::string_view reason);

 private:
  struct Waiter {
    explicit Waiter(const boost::asio::any_io_executor& executor) : timer(executor) {}
    boost::asio::steady_timer timer;
    bool done = false;
    std::string error;
  };

  std::string onRecord(std::string_view record);

  Connection& owner_;
  ConnectionListener& listener_;
  HubEncoding encoding_;
  signalr::RecordReader records_{kMaxRecordBytes};
  bool handshake_done_ = false;
  std::uint64_t last_invocation_id_ = 0;
  std::unordered_map<std::uint64_t, std::shared_ptr<Waiter>> waiters_;
};

}  // namespace chat::bench
