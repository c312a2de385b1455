#include "app/leave_group.hpp"

namespace chat {

Status LeaveGroup::handle(const Command& command) {
  auto outcome = context_.storage.groups().removeMember(command.group_id, command.caller.user_id);
  if (!outcome) return outcome.error();
  switch (*outcome) {
    case LeaveOutcome::kLeft:
      context_.events.memberLeft(command.group_id, command.caller.user_id);
      return {};
    case LeaveOutcome::kNotMember:
      return Error::forbidden("Player is not member of the group");
    case LeaveOutcome::kOwnerStays:
      return Error::conflict(
          "The owner cannot leave while others are in the group; hand it over first");
    case LeaveOutcome::kNoSuchGroup:
      break;
  }
  return Error::notFound("Group not found");
}

}  // namespace chat
