#include "adapters/dto/member_role_dto.hpp"

namespace chat {

boost::json::object memberRoleDto(GroupId group, const GroupMember& member) {
  return {{"groupId", group},
          {"playerId", member.user_id},
          {"playerName", member.user_name},
          {"role", roleName(member.role)}};
}

std::optional<MemberAction> roleChangeNamed(std::string_view role) {
  if (role == "admin") return MemberAction::kMakeAdmin;
  if (role == "member") return MemberAction::kMakeMember;
  if (role == "owner") return MemberAction::kHandOver;
  return std::nullopt;
}

Error unknownRoleError() {
  return Error::invalid("role must be \"admin\", \"member\" or \"owner\"");
}

}  // namespace chat
