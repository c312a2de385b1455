#pragma once
// The MessageDto of the public API, shared by the REST responses and the hub's
// MessageReceived event: camelCase, as the original server wrote it.
#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "domain/message.hpp"

namespace chat {

boost::json::value messageDto(const Message& message);
// The same, serialized; the hub shares these bytes across every recipient.
std::string messageDtoJson(const Message& message);
void appendMessageDtoJson(std::string& out, const Message& message);
// Reads a MessageDto back (what another node serialized); nullopt if a field is missing or
// of the wrong type.
std::optional<Message> messageFromDto(const boost::json::value& dto);

}  // namespace chat
