#include "adapters/storage/common/member_role_sql.hpp"

namespace chat::storage {

std::string memberRoleSql(std::string_view group, std::string_view member) {
  const std::string g(group);
  const std::string m(member);
  return "CASE WHEN " + g + ".owner_id = " + m + ".user_id THEN 2 WHEN " + m +
         ".is_admin THEN 1 ELSE 0 END";
}

GroupRole memberRoleFrom(std::int64_t code) {
  switch (code) {
    case 2:
      return GroupRole::kOwner;
    case 1:
      return GroupRole::kAdmin;
    default:
      return GroupRole::kMember;
  }
}

Membership membershipFrom(std::int64_t code) {
  switch (code) {
    case 1:
      return Membership::kMember;
    case 0:
      return Membership::kNotMember;
    default:
      return Membership::kNoSuchGroup;
  }
}

}  // namespace chat::storage
