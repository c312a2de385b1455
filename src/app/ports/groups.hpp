#pragma once
// Port: groups and their members. Implemented by each storage engine.
// Thread-safe: may be called from any worker thread.
#include <span>
#include <string_view>
#include <vector>

#include "domain/group.hpp"
#include "domain/result.hpp"
#include "domain/time.hpp"

namespace chat {

enum class CreateGroupOutcome { kCreated, kNoSuchOwner };
enum class JoinOutcome { kJoined, kAlreadyMember, kGroupFull, kNoSuchGroup, kNoSuchUser };
enum class LeaveOutcome { kLeft, kNotMember, kNoSuchGroup };
enum class Membership { kMember, kNotMember, kNoSuchGroup };
enum class MarkReadOutcome { kMarked, kNotMember, kNoSuchGroup };

class Groups {
 public:
  virtual ~Groups() = default;
  struct Created {
    CreateGroupOutcome outcome = CreateGroupOutcome::kCreated;
    GroupId id = 0;  // set when kCreated
  };
  // Creates the group with `owner` as its owner and first member, atomically.
  virtual Result<Created> create(std::string_view name, UserId owner, Timestamp now) = 0;
  struct MarkedRead {
    MarkReadOutcome outcome = MarkReadOutcome::kMarked;
    ReadMarker marker;  // set when kMarked
  };
  // Every group ordered by id, with whether `viewer` is a member and, in the groups they
  // are a member of, their unread count and the newest message: one indexed lookup per
  // group, never a scan of its history.
  virtual Result<std::vector<GroupSummary>> list(UserId viewer) = 0;
  // Atomic check-and-insert: the group is full when it has `max_members` members
  // (0 = unlimited); concurrent joins never push it past the limit.
  virtual Result<JoinOutcome> addMember(GroupId group, UserId user, int max_members,
                                        Timestamp now) = 0;
  virtual Result<LeaveOutcome> removeMember(GroupId group, UserId user) = 0;
  virtual Result<Membership> membership(GroupId group, UserId user) = 0;
  // Moves the member's read marker forward to `seq`, capped at the group's newest seq;
  // never back (a device that is behind does not undo another's reading). A new member
  // starts with everything before their join read.
  virtual Result<MarkedRead> markRead(GroupId group, UserId user, Seq seq) = 0;
  // The group's members with ids above `after`, by id, at most `limit`; none for a group
  // that does not exist.
  virtual Result<std::vector<GroupMember>> members(GroupId group, UserId after, int limit) = 0;
  // The groups `user` is a member of, by id.
  virtual Result<std::vector<GroupId>> groupsOf(UserId user) = 0;
  // The heads of the given groups, by id; groups that do not exist are left out.
  virtual Result<std::vector<GroupHead>> heads(std::span<const GroupId> groups) = 0;
  // The administrator's delete: the group, its members and its messages, in one
  // transaction. False when there is no such group.
  virtual Result<bool> remove(GroupId group) = 0;
};

}  // namespace chat
