#include "adapters/signalr/message_received.hpp"

#include "adapters/dto/message_dto.hpp"
#include "adapters/signalr/protocol/hub_message_writer.hpp"

namespace chat::signalr {

SharedRecord messageReceivedRecord(const Message& message) {
  std::string arguments = "[";
  appendMessageDtoJson(arguments, message);
  arguments += ']';
  return makeRecord(serializeInvocationRaw("MessageReceived", arguments));
}

}  // namespace chat::signalr
