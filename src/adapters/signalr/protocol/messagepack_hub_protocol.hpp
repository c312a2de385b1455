#pragma once
// The MessagePack hub protocol ("messagepack", binary frames after a VarInt length prefix)
// as a HubProtocol. Frames are laid out as ASP.NET writes them, which both JavaScript
// clients (@microsoft/signalr-protocol-msgpack 10, @aspnet/signalr-protocol-msgpack 1.1)
// read:
//   Invocation  [1, {}, nil, target, [MessageDto], []]   (the empty StreamIds, as ASP.NET)
//   Completion  [3, {}, id, 3, result]   [3, {}, id, 3, nil] (void)   [3, {}, id, 1, error]
//   Ping        [6]: always the bytes 0x02 0x91 0x06
//   Close       [7, error|nil, allowReconnect]   Ack [8, id]   Sequence [9, id]
// A MessageDto is a map with the JSON DTO's camelCase keys in its order; integers are
// written in their shortest form, and `sentOn` is a MessagePack timestamp (extension -1,
// the 64-bit form with nanoseconds; the 96-bit form only outside 1970..2514, which the
// @aspnet 1.1 client's msgpack5 cannot read), which .NET reads as a DateTime and the
// JavaScript clients as a Date. Other results are JSON values written as MessagePack
// (objects as maps, doubles as float64).
// Stateless; thread-safe.
#include "adapters/signalr/protocol/hub_protocol.hpp"

namespace chat::signalr {

class MessagePackHubProtocol final : public HubProtocol {
 public:
  Id id() const override { return Id::kMessagePack; }
  std::string_view name() const override { return "messagepack"; }
  TransferFormat transferFormat() const override { return TransferFormat::kBinary; }
  RecordFraming framing() const override { return RecordFraming::kLengthPrefix; }

  // parseMessagePackHubMessage (messagepack_hub_message_parser.hpp).
  Result<HubMessage> parse(std::string_view record) const override;
  std::string messageInvocation(std::string_view target, const Message& message) const override;
  std::string eventInvocation(std::string_view target,
                              const boost::json::value& argument) const override;
  std::string completionWithMessage(std::string_view invocation_id,
                                    const Message& message) const override;
  std::string completionWithMessages(std::string_view invocation_id,
                                     std::span<const Message> messages) const override;
  std::string completionWithResult(std::string_view invocation_id,
                                   const boost::json::value& result) const override;
  std::string completionVoid(std::string_view invocation_id) const override;
  std::string completionError(std::string_view invocation_id,
                              std::string_view error) const override;
  const SharedRecord& ping() const override;
  std::string close(std::optional<std::string_view> error, bool allow_reconnect) const override;
  std::string ack(std::uint64_t sequence_id) const override;
  std::string sequence(std::uint64_t sequence_id) const override;
};

}  // namespace chat::signalr
