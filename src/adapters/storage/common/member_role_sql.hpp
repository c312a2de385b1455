#pragma once
// The SQL, shared by the SQLite and PostgreSQL engines, for a member's role (the group's
// owner_id names its owner, group_members.is_admin its admins) and standing.
#include <cstdint>
#include <string>
#include <string_view>

#include "app/ports/groups.hpp"
#include "domain/group.hpp"

namespace chat::storage {

// An integer expression over the aliases of a `groups` row and a `group_members` row.
std::string memberRoleSql(std::string_view group, std::string_view member);

// The role from that expression's value.
GroupRole memberRoleFrom(std::int64_t code);

// The membership from the value of the engines' membership CASE: 1 a member, 0 not a
// member, anything else no group (or a private one the user is neither in nor invited to).
Membership membershipFrom(std::int64_t code);

}  // namespace chat::storage
