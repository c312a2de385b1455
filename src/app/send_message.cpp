#include "app/send_message.hpp"

#include "domain/validation.hpp"

namespace chat {

void SendMessage::submit(Command command, Done done) {
  const Limits& limits = context_.limits;
  if (auto valid = validateMessageText(command.text, limits); !valid) return done(valid.error());
  if (command.client_message_id &&
      (command.client_message_id->empty() ||
       command.client_message_id->size() > limits.max_client_message_id_length)) {
    return done(Error::invalid("clientMessageId must be 1 to " +
                               std::to_string(limits.max_client_message_id_length) +
                               " characters"));
  }
  NewMessage message{command.group_id, command.caller.user_id, std::move(command.text),
                     context_.clock.now(), std::move(command.client_message_id)};
  commits_.submit(std::move(message), [done = std::move(done)](Result<AppendedMessage> stored) {
    if (stored) return done(std::move(stored).value().message);
    if (stored.error().kind == ErrorKind::kForbidden) {
      return done(
          Error::forbidden("Can not send message to a group which the player has not joined yet"));
    }
    if (stored.error().kind == ErrorKind::kNotFound)
      return done(Error::notFound("Group not found"));
    done(stored.error());
  });
}

}  // namespace chat
