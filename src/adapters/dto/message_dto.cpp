#include "adapters/dto/message_dto.hpp"

#include <charconv>
#include <cstdint>
#include <iterator>
#include <string_view>

#include "adapters/dto/iso_time.hpp"
#include "adapters/dto/json_string.hpp"

namespace chat {
namespace {

void appendInteger(std::string& out, std::int64_t value) {
  char digits[24];
  const auto end = std::to_chars(std::begin(digits), std::end(digits), value).ptr;
  out.append(digits, end);
}

// Each field is written as `"name":value,`; the object's closing brace takes the place of
// the last comma.
void appendName(std::string& out, std::string_view name) {
  out += '"';
  out += name;
  out += "\":";
}

void appendField(std::string& out, std::string_view name, std::int64_t value) {
  appendName(out, name);
  appendInteger(out, value);
  out += ',';
}

void appendField(std::string& out, std::string_view name, std::string_view value) {
  appendName(out, name);
  appendJsonString(out, value);
  out += ',';
}

void appendField(std::string& out, std::string_view name, Timestamp value) {
  appendName(out, name);
  out += '"';
  appendIsoTime(out, value);
  out += "\",";
}

}  // namespace

boost::json::value messageDto(const Message& message) {
  boost::json::object dto{
      {"messageId", message.id},
      {"groupId", message.group_id},
      {"seq", message.seq},
      {"playerId", message.sender_id},
      {"playerName", message.sender_name},
      {"message", message.text},
      {"sentOn", formatIsoTime(message.sent_on)},
  };
  // Only once changed, so that what the original server sent stays byte for byte the same.
  if (message.edited_on) dto["editedOn"] = formatIsoTime(*message.edited_on);
  if (message.deleted_on) dto["deletedOn"] = formatIsoTime(*message.deleted_on);
  if (message.change_seq != 0) dto["changeSeq"] = message.change_seq;
  return dto;
}

// Written directly, in messageDto's field order and byte for byte what serializing it
// gives: every stored message is serialized for its recipients and its acknowledgement,
// and building the JSON object first cost an allocation per field.
std::string messageDtoJson(const Message& message) {
  std::string out;
  appendMessageDtoJson(out, message);
  return out;
}

void appendMessageDtoJson(std::string& out, const Message& message) {
  out.reserve(out.size() + 160 + message.sender_name.size() + message.text.size());
  out += '{';
  appendField(out, "messageId", message.id);
  appendField(out, "groupId", message.group_id);
  appendField(out, "seq", message.seq);
  appendField(out, "playerId", message.sender_id);
  appendField(out, "playerName", message.sender_name);
  appendField(out, "message", message.text);
  appendField(out, "sentOn", message.sent_on);
  if (message.edited_on) appendField(out, "editedOn", *message.edited_on);
  if (message.deleted_on) appendField(out, "deletedOn", *message.deleted_on);
  if (message.change_seq != 0) appendField(out, "changeSeq", message.change_seq);
  out.back() = '}';
}

std::optional<Message> messageFromDto(const boost::json::value& dto) {
  const auto* object = dto.if_object();
  if (object == nullptr) return std::nullopt;
  auto integer = [object](std::string_view name) -> std::optional<std::int64_t> {
    const auto* field = object->if_contains(name);
    if (field == nullptr || !field->is_int64()) return std::nullopt;
    return field->get_int64();
  };
  auto text = [object](std::string_view name) -> const boost::json::string* {
    const auto* field = object->if_contains(name);
    return field == nullptr ? nullptr : field->if_string();
  };
  const auto id = integer("messageId"), group = integer("groupId"), seq = integer("seq"),
             sender = integer("playerId");
  const auto *sender_name = text("playerName"), *message_text = text("message"),
             *sent_on = text("sentOn");
  if (!id || !group || !seq || !sender || !sender_name || !message_text || !sent_on) {
    return std::nullopt;
  }
  const auto when = parseIsoTime(*sent_on);
  if (!when) return std::nullopt;
  Message message;
  message.id = *id;
  message.group_id = *group;
  message.seq = *seq;
  message.sender_id = *sender;
  message.sender_name = std::string(*sender_name);
  message.text = std::string(*message_text);
  message.sent_on = *when;
  // The fields of a changed message: absent on one never changed.
  for (auto [name, field] :
       {std::pair{"editedOn", &message.edited_on}, std::pair{"deletedOn", &message.deleted_on}}) {
    if (!object->contains(name)) continue;
    const auto* time = text(name);
    const auto parsed = time ? parseIsoTime(*time) : std::nullopt;
    if (!parsed) return std::nullopt;
    *field = *parsed;
  }
  if (object->contains("changeSeq")) {
    const auto change_seq = integer("changeSeq");
    if (!change_seq) return std::nullopt;
    message.change_seq = *change_seq;
  }
  return message;
}

}  // namespace chat
