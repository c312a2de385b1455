#pragma once
// A member and their role in the public API: the answer to an invitation or a role change
// (REST and hub) and the argument of the hub's MemberRoleChanged event.
#include <boost/json/object.hpp>
#include <optional>
#include <string_view>

#include "domain/group.hpp"
#include "domain/member_changes.hpp"

namespace chat {

// {groupId, playerId, playerName, role}
boost::json::object memberRoleDto(GroupId group, const GroupMember& member);

// The change a requested role names: "admin", "member", or "owner" (handing the group
// over); none for any other name.
std::optional<MemberAction> roleChangeNamed(std::string_view role);

// The error for a role that names none.
Error unknownRoleError();

}  // namespace chat
