#pragma once
// The JSON hub protocol ("json", text records ending in 0x1E) as a HubProtocol: the
// parser and writers of hub_message_parser.hpp and hub_message_writer.hpp behind the
// interface every hub connection uses. Stateless; thread-safe.
#include "adapters/signalr/protocol/hub_protocol.hpp"

namespace chat::signalr {

class JsonHubProtocol final : public HubProtocol {
 public:
  Id id() const override { return Id::kJson; }
  std::string_view name() const override { return "json"; }
  TransferFormat transferFormat() const override { return TransferFormat::kText; }
  RecordFraming framing() const override { return RecordFraming::kSeparator; }

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
