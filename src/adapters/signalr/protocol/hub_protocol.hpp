#pragma once
// A hub protocol: how hub messages are framed, read and written on the wire. The JSON
// protocol (text records ending in 0x1E) and the MessagePack protocol (binary frames with
// a VarInt length prefix) implement it; a hub connection uses whichever its handshake
// named and is otherwise the same for both. Every function returns one complete record,
// framing included, ready to be sent in one transport message.
// Implementations are stateless; thread-safe.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "adapters/signalr/protocol/hub_message.hpp"
#include "adapters/signalr/protocol/record_framing.hpp"
#include "adapters/signalr/shared_record.hpp"
#include "domain/message.hpp"
#include "domain/result.hpp"

namespace chat::signalr {

// What a transport must carry: text only (Server-Sent Events) or any bytes.
enum class TransferFormat { kText, kBinary };

class HubProtocol {
 public:
  // Dense, so that a message serialized for each protocol can be kept in an array.
  enum class Id : std::uint8_t { kJson = 0, kMessagePack = 1 };
  static constexpr std::size_t kCount = 2;

  virtual ~HubProtocol() = default;

  virtual Id id() const = 0;
  // As the handshake names it: "json", "messagepack".
  virtual std::string_view name() const = 0;
  virtual TransferFormat transferFormat() const = 0;
  // How inbound bytes split into records (the handshake before it is always text).
  virtual RecordFraming framing() const = 0;

  // One inbound record, framing removed. Malformed messages give Error::invalid with the
  // reference's text; unknown message types give UnknownMessage. Arguments and results are
  // given as JSON values whatever the protocol (MessagePack maps need string keys).
  virtual Result<HubMessage> parse(std::string_view record) const = 0;

  // A server push: `{"type":1,"target":..,"arguments":[<the message's MessageDto>]}`.
  virtual std::string messageInvocation(std::string_view target, const Message& message) const = 0;
  // A server push of any other event: `{"type":1,"target":..,"arguments":[argument]}`.
  virtual std::string eventInvocation(std::string_view target,
                                      const boost::json::value& argument) const = 0;
  // The completion of a hub method whose result is a MessageDto (SendMessage).
  virtual std::string completionWithMessage(std::string_view invocation_id,
                                            const Message& message) const = 0;
  // The completion of a hub method whose result is an array of MessageDtos (SearchMessages).
  virtual std::string completionWithMessages(std::string_view invocation_id,
                                             std::span<const Message> messages) const = 0;
  // The completion of a hub method with any other result.
  virtual std::string completionWithResult(std::string_view invocation_id,
                                           const boost::json::value& result) const = 0;
  // The completion of a void hub method: a null result, as ASP.NET answers them.
  virtual std::string completionVoid(std::string_view invocation_id) const = 0;
  // A failed invocation. Clients read an empty error as success, so an empty `error` is
  // replaced by a generic text.
  virtual std::string completionError(std::string_view invocation_id,
                                      std::string_view error) const = 0;
  // The same bytes every time: one record shared by every connection of this protocol.
  virtual const SharedRecord& ping() const = 0;
  virtual std::string close(std::optional<std::string_view> error, bool allow_reconnect) const = 0;
  // Stateful reconnect (types 8 and 9).
  virtual std::string ack(std::uint64_t sequence_id) const = 0;
  virtual std::string sequence(std::uint64_t sequence_id) const = 0;
};

// The protocol a handshake names (case-insensitive, as ASP.NET resolves it), if supported.
const HubProtocol* findHubProtocol(std::string_view name);
const HubProtocol& jsonHubProtocol();
const HubProtocol& messagePackHubProtocol();

}  // namespace chat::signalr
