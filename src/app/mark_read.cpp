#include "app/mark_read.hpp"

#include <string>

namespace chat {
namespace {

RateLimiter::Options readMarkLimits(const Limits& limits) {
  return {.burst = limits.read_marks_burst, .per_minute = limits.read_marks_per_second * 60};
}

}  // namespace

MarkRead::MarkRead(UseCaseContext& context)
    : context_(context), per_user_(readMarkLimits(context.limits)) {}

Result<ReadMarker> MarkRead::handle(const Command& command) {
  if (command.seq < 0) return Error::invalid("seq must be 0 or more.");
  const UserId user = command.caller.user_id;
  if (const int wait = per_user_.acquire(std::to_string(user), context_.clock.now()); wait > 0) {
    return Error::rateLimited("Too many read markers; send one a second at most.", wait);
  }
  auto marked = context_.storage.groups().markRead(command.group_id, user, command.seq);
  if (!marked) return marked.error();
  switch (marked->outcome) {
    case MarkReadOutcome::kNoSuchGroup:
      return Error::notFound("Group not found");
    case MarkReadOutcome::kNotMember:
      return Error::forbidden("Player is not member of the group");
    case MarkReadOutcome::kMarked:
      break;
  }
  context_.events.readMarkerMoved(user, marked->marker);
  return marked->marker;
}

}  // namespace chat
