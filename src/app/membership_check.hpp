#pragma once
#include <string>

#include "app/ports/groups.hpp"

namespace chat {

// kNotFound when the group does not exist, kForbidden with `refusal` when the user is
// not a member. Shared by every members-only use case.
Status requireMember(Groups& groups, GroupId group, UserId user, const std::string& refusal);

}  // namespace chat
