#pragma once
#include <string>

#include "domain/ids.hpp"

namespace chat {

struct GroupSummary {
  GroupId id = 0;
  std::string name;
  bool is_member = false;
};

// A member's standing in a group: its owner (who created it, or was handed it) or a member.
enum class GroupRole { kOwner, kMember };

struct GroupMember {
  UserId user_id = 0;
  std::string user_name;
  GroupRole role = GroupRole::kMember;
};

// Where a group stands, for nodes that check they missed nothing: the seq of its newest
// message, and a count that grows whenever a member leaves or is removed.
struct GroupHead {
  GroupId id = 0;
  Seq last_seq = 0;
  std::int64_t member_version = 0;
};

}  // namespace chat
