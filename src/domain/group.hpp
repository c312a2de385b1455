#pragma once
#include <optional>
#include <string>

#include "domain/ids.hpp"
#include "domain/message.hpp"

namespace chat {

struct GroupSummary {
  GroupId id = 0;
  std::string name;
  bool is_member = false;
  // Set for members only: the seq of the group's newest message, how far the viewer has
  // read (unread = last_seq - last_read_seq: seqs leave no gaps), and that message.
  Seq last_seq = 0;
  Seq last_read_seq = 0;
  std::optional<Message> last_message;
};

// How far a member has read a group, shared by all their devices, and the group's newest
// seq when it was set.
struct ReadMarker {
  GroupId group_id = 0;
  Seq last_read_seq = 0;
  Seq last_seq = 0;
  Seq unread() const { return last_seq - last_read_seq; }
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
