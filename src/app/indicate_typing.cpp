#include "app/indicate_typing.hpp"

#include <string>

#include "app/membership_check.hpp"

namespace chat {

namespace {
RateLimiter::Options typingLimits(const Limits& limits) {
  return {.burst = limits.typing_burst, .per_minute = limits.typing_per_second * 60};
}
}  // namespace

IndicateTyping::IndicateTyping(UseCaseContext& context)
    : context_(context), per_user_(typingLimits(context.limits)) {}

Status IndicateTyping::handle(const Command& command) {
  if (auto member = requireMember(context_.storage.groups(), command.group_id,
                                  command.caller.user_id, "Player is not member of the group");
      !member) {
    return member;
  }
  return handleForMember(command);
}

Status IndicateTyping::handleForMember(const Command& command) {
  const UserId user = command.caller.user_id;
  if (const int wait = per_user_.acquire(std::to_string(user), context_.clock.now()); wait > 0) {
    return Error::rateLimited("Too many typing indications; send one every few seconds.", wait);
  }
  context_.events.memberTyping(command.group_id, user, command.caller.user_name);
  return {};
}

}  // namespace chat
