#include "adapters/dto/message_dto.hpp"

#include <charconv>
#include <cstdint>
#include <iterator>

#include "adapters/dto/iso_time.hpp"
#include "adapters/dto/json_string.hpp"

namespace chat {
namespace {

void appendInteger(std::string& out, std::int64_t value) {
  char digits[24];
  const auto end = std::to_chars(std::begin(digits), std::end(digits), value).ptr;
  out.append(digits, end);
}

}  // namespace

boost::json::value messageDto(const Message& message) {
  return boost::json::object{
      {"messageId", message.id},
      {"groupId", message.group_id},
      {"seq", message.seq},
      {"playerId", message.sender_id},
      {"playerName", message.sender_name},
      {"message", message.text},
      {"sentOn", formatIsoTime(message.sent_on)},
  };
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
  out += "{\"messageId\":";
  appendInteger(out, message.id);
  out += ",\"groupId\":";
  appendInteger(out, message.group_id);
  out += ",\"seq\":";
  appendInteger(out, message.seq);
  out += ",\"playerId\":";
  appendInteger(out, message.sender_id);
  out += ",\"playerName\":";
  appendJsonString(out, message.sender_name);
  out += ",\"message\":";
  appendJsonString(out, message.text);
  out += ",\"sentOn\":\"";
  appendIsoTime(out, message.sent_on);
  out += "\"}";
}

}  // namespace chat
