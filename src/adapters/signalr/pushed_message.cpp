#include "adapters/signalr/pushed_message.hpp"

#include <boost/json/parse.hpp>

#include "adapters/dto/message_dto.hpp"
#include "adapters/signalr/protocol/record_separator.hpp"

namespace chat::signalr {
namespace {

// The MessageDto in a MessageReceived record of the JSON protocol.
std::optional<Message> messageOfRecord(std::string_view record) {
  if (record.empty() || record.back() != kRecordSeparator) return std::nullopt;
  record.remove_suffix(1);
  boost::system::error_code ec;
  const auto value = boost::json::parse(record, ec);
  const auto* invocation = value.if_object();
  if (ec || invocation == nullptr) return std::nullopt;
  const auto* arguments = invocation->if_contains("arguments");
  if (arguments == nullptr || !arguments->is_array() || arguments->as_array().size() != 1) {
    return std::nullopt;
  }
  return messageFromDto(arguments->as_array().front());
}

}  // namespace

PushedMessage::PushedMessage(Message message) : message_(std::move(message)) {
  const HubProtocol& json = jsonHubProtocol();
  std::call_once(written_[index(json.id())], [&] {
    records_[index(json.id())] = makeRecord(json.messageInvocation(kMessageReceived, *message_));
  });
}

PushedMessage::PushedMessage(SharedRecord json_record) {
  std::call_once(written_[index(HubProtocol::Id::kJson)],
                 [&] { records_[index(HubProtocol::Id::kJson)] = std::move(json_record); });
}

const SharedRecord& PushedMessage::recordFor(const HubProtocol& protocol) const {
  const std::size_t slot = index(protocol.id());
  std::call_once(written_[slot], [&] {
    // Only a published record lacks its message, and only the first non-JSON protocol
    // reads it back; the JSON record is written by now.
    std::optional<Message> read;
    const Message* message = message_ ? &*message_ : nullptr;
    if (message == nullptr && json()) {
      read = messageOfRecord(*json());
      if (read) message = &*read;
    }
    if (message != nullptr) {
      records_[slot] = makeRecord(protocol.messageInvocation(kMessageReceived, *message));
    }
  });
  return records_[slot];
}

}  // namespace chat::signalr
