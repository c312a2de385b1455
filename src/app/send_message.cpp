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
  GroupEvents& events = context_.events;
  context_.storage.messages().append(
      std::move(message), [&events, done = std::move(done)](Result<AppendedMessage> stored) {
        if (!stored) return done(stored.error());
        switch (stored->outcome) {
          case AppendOutcome::kStored:
            events.messageStored(stored->message);
            [[fallthrough]];
          case AppendOutcome::kDuplicate:
            return done(std::move(stored->message));
          case AppendOutcome::kNotMember:
            return done(Error::forbidden(
                "Can not send message to a group which the player has not joined yet"));
          case AppendOutcome::kNoSuchGroup:
            break;
        }
        done(Error::notFound("Group not found"));
      });
}

}  // namespace chat
