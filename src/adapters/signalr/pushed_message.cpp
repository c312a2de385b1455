#include "adapters/signalr/pushed_message.hpp"

#include <boost/json/parse.hpp>

#include "adapters/dto/message_dto.hpp"
#include "adapters/signalr/protocol/record_separator.hpp"

namespace chat::signalr {
namespace {

struct RecordedPush {
  std::string_view target;
  Message message;
};

// One of the targets a stored message is pushed as, in their static storage.
std::optional<std::string_view> knownTarget(std::string_view target) {
  for (std::string_view known : {kMessageReceived, kMessageEdited, kMessageDeleted}) {
    if (target == known) return known;
  }
  return std::nullopt;
}

// The target and MessageDto of a pushed message's record in the JSON protocol.
std::optional<RecordedPush> pushOfRecord(std::string_view record) {
  if (record.empty() || record.back() != kRecordSeparator) return std::nullopt;
  record.remove_suffix(1);
  boost::system::error_code ec;
  const auto value = boost::json::parse(record, ec);
  const auto* invocation = value.if_object();
  if (ec || invocation == nullptr) return std::nullopt;
  const auto* target = invocation->if_contains("target");
  const auto known = target && target->is_string()
                         ? knownTarget(std::string_view(target->get_string()))
                         : std::nullopt;
  const auto* arguments = invocation->if_contains("arguments");
  if (!known || arguments == nullptr || !arguments->is_array() ||
      arguments->as_array().size() != 1) {
    return std::nullopt;
  }
  auto message = messageFromDto(arguments->as_array().front());
  if (!message) return std::nullopt;
  return RecordedPush{*known, std::move(*message)};
}

}  // namespace

PushedMessage::PushedMessage(Message message, std::string_view target)
    : message_(std::move(message)), target_(target) {
  const HubProtocol& json = jsonHubProtocol();
  std::call_once(written_[index(json.id())], [&] {
    records_[index(json.id())] = makeRecord(json.messageInvocation(target_, *message_));
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
    if (message_) {
      records_[slot] = makeRecord(protocol.messageInvocation(target_, *message_));
    } else if (json()) {
      if (auto read = pushOfRecord(*json())) {
        records_[slot] = makeRecord(protocol.messageInvocation(read->target, read->message));
      }
    }
  });
  return records_[slot];
}

SharedPush pushOf(const TimelineEntry& entry) {
  switch (entry.kind) {
    case TimelineEntry::Kind::kEdit:
      return std::make_shared<const PushedMessage>(entry.message, kMessageEdited);
    case TimelineEntry::Kind::kDelete:
      return std::make_shared<const PushedMessage>(entry.message, kMessageDeleted);
    case TimelineEntry::Kind::kMessage:
      break;
  }
  return std::make_shared<const PushedMessage>(entry.message);
}

}  // namespace chat::signalr
