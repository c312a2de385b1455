#include "hub_session.hpp"

#include <fmt/format.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include "adapters/signalr/protocol/length_prefix.hpp"
#include "messagepack_receipt.hpp"
#include "receipt_parser.hpp"

namespace chat::bench {

namespace asio = boost::asio;
using signalr::LengthPrefix;

HubSession::HubSession(Connection& owner, ConnectionListener& listener, HubEncoding encoding)
    : owner_(owner), listener_(listener), encoding_(encoding) {}

HubSession::Handshake HubSession::onHandshakeBytes(std::string_view bytes, std::string& error) {
  if (!bytes.empty()) records_.append(bytes);
  if (handshake_done_) return Handshake::kDone;  // kept for the first onBytes()
  auto first = records_.next();
  if (!first) {
    error = "handshake: the answer exceeds the size limit";
    return Handshake::kRefused;
  }
  if (!*first) return Handshake::kWaiting;
  const Receipt answer = parseReceipt(**first);
  if (answer.kind == RecordKind::kHandshakeError) {
    error = "handshake refused: " + std::string(answer.error);
    return Handshake::kRefused;
  }
  if (answer.kind != RecordKind::kHandshakeOk) {
    error = "handshake: unexpected " + std::string((**first).substr(0, 200));
    return Handshake::kRefused;
  }
  if (encoding_ == HubEncoding::kMessagePack) {
    records_.setFraming(signalr::RecordFraming::kLengthPrefix);
  }
  handshake_done_ = true;
  return Handshake::kDone;
}

std::string HubSession::onBytes(std::string_view bytes) {
  // Fast paths: nothing pending, so whole records are split in place from `bytes`.
  if (records_.bufferedSize() == 0 && !bytes.empty()) {
    if (encoding_ == HubEncoding::kJson) {
      if (bytes.back() == signalr::kRecordSeparator) {
        while (!bytes.empty()) {
          const std::size_t end = bytes.find(signalr::kRecordSeparator);
          if (auto reason = onRecord(bytes.substr(0, end)); !reason.empty()) return reason;
          bytes.remove_prefix(end + 1);
        }
        return "";
      }
    } else {
      for (;;) {
        const LengthPrefix prefix = signalr::readLengthPrefix(bytes);
        if (prefix.state != LengthPrefix::State::kComplete ||
            prefix.frame_size > bytes.size() - prefix.prefix_size) {
          break;  // the rest, if any, goes through the reader
        }
        if (auto reason = onRecord(bytes.substr(prefix.prefix_size, prefix.frame_size));
            !reason.empty()) {
          return reason;
        }
        bytes.remove_prefix(prefix.prefix_size + prefix.frame_size);
        if (bytes.empty()) return "";
      }
    }
  }
  if (!bytes.empty()) records_.append(bytes);
  for (;;) {
    auto record = records_.next();
    if (!record) return "a record exceeds " + std::to_string(kMaxRecordBytes) + " bytes";
    if (!*record) return "";
    if (auto reason = onRecord(**record); !reason.empty()) return reason;
  }
}

std::string HubSession::onRecord(std::string_view record) {
  const Receipt receipt =
      encoding_ == HubEncoding::kJson ? parseReceipt(record) : parseMessagePackReceipt(record);
  switch (receipt.kind) {
    case RecordKind::kPing:
      return "";
    case RecordKind::kCompletion:
      if (auto it = waiters_.find(receipt.invocation_id); it != waiters_.end()) {
        it->second->done = true;
        if (receipt.has_error) it->second->error = std::string(receipt.error);
        it->second->timer.cancel();
        waiters_.erase(it);
        return "";
      }
      listener_.onRecord(owner_, receipt);
      return "";
    case RecordKind::kClose:
      listener_.onRecord(owner_, receipt);
      return receipt.has_error ? "Close: " + std::string(receipt.error) : "Close";
    default:
      listener_.onRecord(owner_, receipt);
      return "";
  }
}

asio::awaitable<std::string> HubSession::call(std::string_view target,
                                              std::string_view arguments_json,
                                              std::chrono::milliseconds timeout) {
  if (!owner_.isOpen()) co_return "not connected";
  boost::system::error_code ec;
  const auto arguments = boost::json::parse(arguments_json, ec);
  if (ec || !arguments.is_array()) co_return "call: the arguments are not a JSON array";
  const std::uint64_t id = nextInvocationId();
  std::string record;
  if (auto error = appendInvocation(record, encoding_, id, target, arguments.as_array());
      !error.empty()) {
    co_return error;
  }
  auto waiter = std::make_shared<Waiter>(co_await asio::this_coro::executor);
  waiters_[id] = waiter;
  owner_.sendRecord(record);
  waiter->timer.expires_after(timeout);
  co_await waiter->timer.async_wait(asio::as_tuple(asio::use_awaitable));
  waiters_.erase(id);
  if (!waiter->done) {
    co_return fmt::format("{}: no completion within {} ms", target, timeout.count());
  }
  co_return waiter->error.empty() ? "" : std::string(target) + ": " + waiter->error;
}

void HubSession::endCalls(std::string_view reason) {
  for (auto& [id, waiter] : waiters_) {
    waiter->done = true;
    waiter->error = "connection ended: " + std::string(reason);
    waiter->timer.cancel();
  }
  waiters_.clear();
}

}  // namespace chat::bench
