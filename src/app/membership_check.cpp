#include "app/membership_check.hpp"

namespace chat {

Status requireMember(Groups& groups, GroupId group, UserId user, const std::string& refusal) {
  auto membership = groups.membership(group, user);
  if (!membership) return membership.error();
  switch (*membership) {
    case Membership::kMember:
      return {};
    case Membership::kNotMember:
      return Error::forbidden(refusal);
    case Membership::kNoSuchGroup:
      break;
  }
  return Error::notFound("Group not found");
}

}  // namespace chat
