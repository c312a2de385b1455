#include "domain/member_changes.hpp"

namespace chat {
namespace {

constexpr const char* kNotMember = "Player is not member of the group";

bool runsGroup(std::optional<GroupRole> role) {
  return role == GroupRole::kOwner || role == GroupRole::kAdmin;
}

Result<MemberVerdict> judgeInvite(const MemberFacts& facts) {
  if (!runsGroup(facts.actor)) {
    return Error::forbidden("Only the group's owner and admins can invite");
  }
  if (facts.target) return Error::conflict("Player already joined the group");
  return facts.target_invited ? MemberVerdict::kNothingToDo : MemberVerdict::kApply;
}

Result<MemberVerdict> judgeRemove(const MemberChangeRequest& request, const MemberFacts& facts) {
  if (request.by == request.target) {
    if (facts.target) return Error::invalid("To leave the group, leave it");
    return facts.target_invited ? MemberVerdict::kApply : MemberVerdict::kNothingToDo;
  }
  if (!runsGroup(facts.actor)) {
    return Error::forbidden("Only the group's owner and admins can remove members");
  }
  if (!facts.target) {
    if (facts.target_invited) return MemberVerdict::kApply;
    return Error::notFound(kNotMember);
  }
  if (*facts.target == GroupRole::kOwner) {
    return Error::forbidden("The group's owner cannot be removed");
  }
  if (*facts.target == GroupRole::kAdmin && *facts.actor != GroupRole::kOwner) {
    return Error::forbidden("Only the group's owner can remove an admin");
  }
  return MemberVerdict::kApply;
}

Result<MemberVerdict> judgeRole(const MemberChangeRequest& request, const MemberFacts& facts) {
  if (facts.actor != GroupRole::kOwner) {
    return Error::forbidden("Only the group's owner can change roles");
  }
  if (!facts.target) return Error::notFound(kNotMember);
  if (request.by == request.target) {
    if (request.action == MemberAction::kHandOver) return MemberVerdict::kNothingToDo;
    return Error::conflict("The owner's role changes only by handing the group over");
  }
  const GroupRole wanted = *roleAfter(request.action, facts.target);
  return wanted == *facts.target ? MemberVerdict::kNothingToDo : MemberVerdict::kApply;
}

}  // namespace

Result<MemberVerdict> judgeMemberChange(const MemberChangeRequest& request,
                                        const MemberFacts& facts) {
  const bool declining = request.action == MemberAction::kRemove && request.by == request.target;
  if (!facts.actor && !declining) {
    if (facts.is_private) return Error::notFound("Group not found");
    return Error::forbidden(kNotMember);
  }
  switch (request.action) {
    case MemberAction::kInvite:
      return judgeInvite(facts);
    case MemberAction::kRemove:
      return judgeRemove(request, facts);
    case MemberAction::kMakeAdmin:
    case MemberAction::kMakeMember:
    case MemberAction::kHandOver:
      return judgeRole(request, facts);
  }
  return Error::internal("unknown member change");
}

std::optional<GroupRole> roleAfter(MemberAction action, std::optional<GroupRole> before) {
  switch (action) {
    case MemberAction::kInvite:
      return before;
    case MemberAction::kRemove:
      return std::nullopt;
    case MemberAction::kMakeAdmin:
      return GroupRole::kAdmin;
    case MemberAction::kMakeMember:
      return GroupRole::kMember;
    case MemberAction::kHandOver:
      return GroupRole::kOwner;
  }
  return before;
}

bool mayLeave(GroupRole role, std::int64_t member_count) {
  return role != GroupRole::kOwner || member_count <= 1;
}

const char* roleName(GroupRole role) {
  switch (role) {
    case GroupRole::kOwner:
      return "owner";
    case GroupRole::kAdmin:
      return "admin";
    case GroupRole::kMember:
      break;
  }
  return "member";
}

}  // namespace chat
