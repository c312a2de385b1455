#include "adapters/dto/message_dto.hpp"

#include <boost/json/serialize.hpp>

#include "adapters/dto/iso_time.hpp"

namespace chat {

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

std::string messageDtoJson(const Message& message) {
  return boost::json::serialize(messageDto(message));
}

}  // namespace chat
