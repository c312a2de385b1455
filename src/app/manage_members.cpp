#include "app/manage_members.hpp"

namespace chat {
namespace {

// Longer than any name a user can have: looked up no further.
constexpr std::size_t kMaxInviteeNameLength = 256;

RateLimiter::Options memberChangeLimits(const Limits& limits) {
  return {.burst = limits.member_changes_burst, .per_minute = limits.member_changes_per_minute};
}

}  // namespace

ManageMembers::ManageMembers(UseCaseContext& context)
    : context_(context), per_user_(memberChangeLimits(context.limits)) {}

// Before any lookup: a stream of invitations to names that do not exist is limited too.
Status ManageMembers::takeToken(UserId user) {
  if (const int wait = per_user_.acquire(std::to_string(user), context_.clock.now()); wait > 0) {
    return Error::rateLimited("Too many changes to members; slow down.", wait);
  }
  return {};
}

Result<GroupMember> ManageMembers::invite(const Invite& command) {
  if (command.user_name.empty()) return Error::invalid("playerName is required");
  if (auto token = takeToken(command.caller.user_id); !token) return token.error();
  if (command.user_name.size() > kMaxInviteeNameLength) return Error::notFound("Player not found");
  auto invitee = context_.storage.users().findByName(command.user_name);
  if (!invitee) return invitee.error();
  if (!*invitee) return Error::notFound("Player not found");
  return apply(command.caller, {command.group_id, command.caller.user_id, (*invitee)->id,
                                MemberAction::kInvite, context_.clock.now()});
}

Result<GroupMember> ManageMembers::change(const Change& command) {
  if (auto token = takeToken(command.caller.user_id); !token) return token.error();
  return apply(command.caller, {command.group_id, command.caller.user_id, command.target,
                                command.action, context_.clock.now()});
}

Result<GroupMember> ManageMembers::apply(const Principal& caller,
                                         const MemberChangeRequest& request) {
  auto changed = context_.storage.groups().changeMember(
      request, [&request](const MemberFacts& facts) { return judgeMemberChange(request, facts); });
  if (!changed) return changed.error();
  switch (changed->outcome) {
    case MemberChangeOutcome::kNoSuchGroup:
      return Error::notFound("Group not found");
    case MemberChangeOutcome::kNoSuchUser:
      return Error::notFound("Player not found");
    case MemberChangeOutcome::kUnchanged:
      return std::move(changed->member);
    case MemberChangeOutcome::kChanged:
      break;
  }
  switch (request.action) {
    case MemberAction::kInvite:
      break;
    case MemberAction::kRemove:
      if (changed->was_member) context_.events.memberLeft(request.group, request.target);
      break;
    case MemberAction::kHandOver:
      // The previous owner, the caller, is an admin now.
      context_.events.memberRoleChanged(
          request.group, GroupMember{caller.user_id, caller.user_name, GroupRole::kAdmin});
      [[fallthrough]];
    case MemberAction::kMakeAdmin:
    case MemberAction::kMakeMember:
      context_.events.memberRoleChanged(request.group, changed->member);
      break;
  }
  return std::move(changed->member);
}

}  // namespace chat
