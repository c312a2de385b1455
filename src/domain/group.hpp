#pragma once
#include <optional>
#include <string>

#include "domain/ids.hpp"
#include "domain/message.hpp"

namespace chat {

// Public groups are listed to everyone and anyone may join; a private group is seen and
// joined only by its members and those invited, and to anyone else does not exist.
enum class GroupVisibility { kPublic, kPrivate };

// A member's standing in a group: its one owner (who created it, or was handed it), the
// admins the owner named, or a member.
enum class GroupRole { kOwner, kAdmin, kMember };

struct GroupSummary {
  GroupId id = 0;
  std::string name;
  bool is_member = false;
  bool is_private = false;
  bool invited = false;                 // the viewer holds an invitation, not yet taken
  GroupRole role = GroupRole::kMember;  // the viewer's, when a member
  // Set for members only: the group's newest seq, how far the viewer has read, how many
  // of the seqs after that are not unread messages (see ReadMarker), and the newest message.
  Seq last_seq = 0;
  Seq last_read_seq = 0;
  Seq uncounted_seqs = 0;
  std::optional<Message> last_message;
};

// How far a member has read a group, shared by all their devices, and the group's newest
// seq when it was set. Seqs leave no gaps, so the messages unread are the seqs after the
// marker less those not counted: the edits and deletions among them, and the messages
// among them deleted since. Engines count those from the few changes, never the messages.
struct ReadMarker {
  GroupId group_id = 0;
  Seq last_read_seq = 0;
  Seq last_seq = 0;
  Seq uncounted_seqs = 0;
  Seq unread() const { return last_seq - last_read_seq - uncounted_seqs; }
};

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
