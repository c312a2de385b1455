#include "app/join_group.hpp"

#include <string>

namespace chat {

Status JoinGroup::handle(const Command& command) {
  const int limit = context_.limits.max_group_members;
  auto outcome = context_.storage.groups().addMember(command.group_id, command.caller.user_id,
                                                     limit, context_.clock.now());
  if (!outcome) return outcome.error();
  switch (*outcome) {
    case JoinOutcome::kJoined:
      context_.events.memberJoined(command.group_id, command.caller.user_id,
                                   command.caller.user_name);
      return {};
    case JoinOutcome::kAlreadyMember:
      return Error::conflict("Player already joined the group");
    case JoinOutcome::kGroupFull:
      return Error::conflict("Max group member limit exceeded. Allowed Limit: " +
                             std::to_string(limit));
    case JoinOutcome::kNoSuchUser:
      return Error::notFound("User not found");
    case JoinOutcome::kNoSuchGroup:
      break;
  }
  return Error::notFound("Group not found");
}

}  // namespace chat
