#include "adapters/signalr/protocol/json_hub_protocol.hpp"

#include "adapters/dto/message_dto.hpp"
#include "adapters/signalr/protocol/hub_message_parser.hpp"
#include "adapters/signalr/protocol/hub_message_writer.hpp"
#include "adapters/signalr/protocol/record_separator.hpp"

namespace chat::signalr {
namespace {

std::string sequenced(std::string_view type, std::uint64_t sequence_id) {
  std::string out = "{\"type\":";
  out += type;
  out += ",\"sequenceId\":";
  out += std::to_string(sequence_id);
  out += '}';
  out += kRecordSeparator;
  return out;
}

}  // namespace

Result<HubMessage> JsonHubProtocol::parse(std::string_view record) const {
  return parseHubMessage(record);
}

std::string JsonHubProtocol::messageInvocation(std::string_view target,
                                               const Message& message) const {
  std::string arguments = "[";
  appendMessageDtoJson(arguments, message);
  arguments += ']';
  return serializeInvocationRaw(target, arguments);
}

std::string JsonHubProtocol::eventInvocation(std::string_view target,
                                             const boost::json::value& argument) const {
  return serializeInvocation(target, boost::json::array{argument});
}

std::string JsonHubProtocol::completionWithMessage(std::string_view invocation_id,
                                                   const Message& message) const {
  return serializeCompletionResultRaw(invocation_id, messageDtoJson(message));
}

std::string JsonHubProtocol::completionWithMessages(std::string_view invocation_id,
                                                    std::span<const Message> messages) const {
  std::string array = "[";
  for (const Message& message : messages) {
    if (array.size() > 1) array += ',';
    appendMessageDtoJson(array, message);
  }
  array += ']';
  return serializeCompletionResultRaw(invocation_id, array);
}

std::string JsonHubProtocol::completionWithResult(std::string_view invocation_id,
                                                  const boost::json::value& result) const {
  return serializeCompletionResult(invocation_id, result);
}

std::string JsonHubProtocol::completionVoid(std::string_view invocation_id) const {
  return serializeCompletionVoid(invocation_id);
}

std::string JsonHubProtocol::completionError(std::string_view invocation_id,
                                             std::string_view error) const {
  return serializeCompletionError(invocation_id, error);
}

const SharedRecord& JsonHubProtocol::ping() const {
  static const SharedRecord record = makeRecord(std::string(pingRecord()));
  return record;
}

std::string JsonHubProtocol::close(std::optional<std::string_view> error,
                                   bool allow_reconnect) const {
  return serializeClose(error, allow_reconnect);
}

std::string JsonHubProtocol::ack(std::uint64_t sequence_id) const {
  return sequenced("8", sequence_id);
}

std::string JsonHubProtocol::sequence(std::uint64_t sequence_id) const {
  return sequenced("9", sequence_id);
}

}  // namespace chat::signalr
