#pragma once
// Who may change a group's membership: invitations, removals, roles and handing a group
// over. Engines read the facts and apply the verdict in one transaction, so two changes
// judged at once never both pass on facts one of them makes false.
#include <cstdint>
#include <optional>

#include "domain/group.hpp"
#include "domain/ids.hpp"
#include "domain/result.hpp"
#include "domain/time.hpp"

namespace chat {

enum class MemberAction {
  kInvite,      // the target may join the group, private or not
  kRemove,      // a member leaves by another's hand, or an invitation is withdrawn
  kMakeAdmin,   // a member becomes an admin
  kMakeMember,  // an admin becomes a plain member
  kHandOver,    // a member becomes the owner; the owner becomes an admin
};

struct MemberChangeRequest {
  GroupId group = 0;
  UserId by = 0;
  UserId target = 0;
  MemberAction action = MemberAction::kInvite;
  Timestamp at;
};

// What a change is judged on, as the engine found it.
struct MemberFacts {
  bool is_private = false;
  std::optional<GroupRole> actor;   // empty when the actor is not a member
  std::optional<GroupRole> target;  // empty when the target is not a member
  bool target_invited = false;
};

enum class MemberVerdict {
  kApply,
  kNothingToDo,  // already so: an invitation held, a role had
};

// Owners and admins invite and remove; admins remove plain members only; the owner alone
// names admins and hands the group over. Anyone declines their own invitation. Someone
// outside a private group learns nothing of it, not even that it exists.
Result<MemberVerdict> judgeMemberChange(const MemberChangeRequest& request,
                                        const MemberFacts& facts);

// The target's role once an applied change is stored (empty when no longer a member).
std::optional<GroupRole> roleAfter(MemberAction action, std::optional<GroupRole> before);

// The owner leaves only a group no one else is in: anyone else would be left without one.
bool mayLeave(GroupRole role, std::int64_t member_count);

// The role's name on the wire and in the API: "owner", "admin", "member".
const char* roleName(GroupRole role);

}  // namespace chat
