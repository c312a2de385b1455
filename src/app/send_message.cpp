#include "app/send_message.hpp"

#include "app/membership_check.hpp"
#include "domain/validation.hpp"

namespace chat {
namespace {
const std::string kNotMember =
    "Can not send message to a group which the player has not joined yet";
}

Result<Message> SendMessage::handle(const Command& command) {
  const Limits& limits = context_.limits;
  if (auto valid = validateMessageText(command.text, limits); !valid) return valid.error();
  if (command.client_message_id &&
      (command.client_message_id->empty() ||
       command.client_message_id->size() > limits.max_client_message_id_length)) {
    return Error::invalid("clientMessageId must be 1 to " +
                          std::to_string(limits.max_client_message_id_length) + " characters");
  }
  auto& groups = context_.storage.groups();
  if (auto member = requireMember(groups, command.group_id, command.caller.user_id, kNotMember);
      !member) {
    return member.error();
  }
  NewMessage message{command.group_id, command.caller.user_id, command.text,
                     context_.clock.now(), command.client_message_id};
  auto appended = context_.storage.messages().append(message);
  if (!appended) {
    if (appended.error().kind == ErrorKind::kForbidden) return Error::forbidden(kNotMember);
    return appended.error();
  }
  if (!appended->duplicate) context_.events.messageStored(appended->message);
  return std::move(appended).value().message;
}

}  // namespace chat
