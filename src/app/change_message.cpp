#include "app/change_message.hpp"

#include "domain/message_changes.hpp"
#include "domain/validation.hpp"

namespace chat {
namespace {

RateLimiter::Options changeLimits(const Limits& limits) {
  return {.burst = limits.message_changes_burst,
          .per_minute = limits.message_changes_per_second * 60};
}

}  // namespace

ChangeMessage::ChangeMessage(UseCaseContext& context)
    : context_(context), per_user_(changeLimits(context.limits)) {}

Result<Message> ChangeMessage::handle(Command command) {
  if (command.kind == MessageChangeKind::kEdit) {
    if (auto valid = validateMessageText(command.text, context_.limits); !valid) {
      return valid.error();
    }
  } else {
    command.text.clear();
  }
  const UserId user = command.caller.user_id;
  if (const int wait = per_user_.acquire(std::to_string(user), context_.clock.now()); wait > 0) {
    return Error::rateLimited("Too many edits and deletions; slow down.", wait);
  }
  const MessageChangeRequest request{command.message_id, user, command.kind,
                                     std::move(command.text), context_.clock.now()};
  auto changed = context_.storage.messages().change(
      request, [&request](const Message& message, std::optional<GroupRole> role) {
        return judgeChange(request, message, role);
      });
  if (!changed) return changed.error();
  switch (changed->outcome) {
    case ChangeOutcome::kNoSuchMessage:
      return Error::notFound("Message not found");
    case ChangeOutcome::kChanged:
      context_.events.messageChanged(changed->message);
      break;
    case ChangeOutcome::kUnchanged:
      break;
  }
  return std::move(changed->message);
}

}  // namespace chat
