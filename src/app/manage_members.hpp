#pragma once
// Invitations, removals and roles in a group (domain/member_changes.hpp says who may).
// Each change is judged and stored in one transaction, then told to the real-time side:
// a removal as the member leaving (their subscriptions end), a role as MemberRoleChanged.
// Limited per user (Limits::member_changes_per_minute) over every group and device.
#include <string>

#include "app/use_case_context.hpp"
#include "domain/member_changes.hpp"
#include "domain/rate_limiter.hpp"

namespace chat {

class ManageMembers {
 public:
  struct Invite {
    Principal caller;
    GroupId group_id = 0;
    std::string user_name;  // whom to invite
  };
  struct Change {
    Principal caller;
    GroupId group_id = 0;
    UserId target = 0;
    MemberAction action = MemberAction::kRemove;
  };

  explicit ManageMembers(UseCaseContext& context);
  // Writes to storage: on a worker. Each answers the target as the change left them.
  Result<GroupMember> invite(const Invite& command);
  Result<GroupMember> change(const Change& command);

 private:
  Status takeToken(UserId user);
  Result<GroupMember> apply(const Principal& caller, const MemberChangeRequest& request);

  UseCaseContext& context_;
  RateLimiter per_user_;
};

}  // namespace chat
