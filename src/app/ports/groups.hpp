#pragma once
// Port: groups and their members. Implemented by each storage engine.
// Thread-safe: may be called from any worker thread.
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "domain/group.hpp"
#include "domain/member_changes.hpp"
#include "domain/result.hpp"
#include "domain/time.hpp"

namespace chat {

enum class CreateGroupOutcome { kCreated, kNoSuchOwner };
enum class JoinOutcome { kJoined, kAlreadyMember, kGroupFull, kNoSuchGroup, kNoSuchUser };
enum class LeaveOutcome { kLeft, kNotMember, kNoSuchGroup, kOwnerStays };
enum class MemberChangeOutcome { kChanged, kUnchanged, kNoSuchGroup, kNoSuchUser };
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
  virtual Result<Created> create(std::string_view name, UserId owner, GroupVisibility visibility,
                                 Timestamp now) = 0;
  struct MarkedRead {
    MarkReadOutcome outcome = MarkReadOutcome::kMarked;
    ReadMarker marker;  // set when kMarked
  };
  // Every group `viewer` may see ordered by id (the public ones, and the private ones they
  // are in or invited to), with whether they are a member and, in the groups they are a
  // member of, their role, unread count and the newest message: one indexed lookup per
  // group, never a scan of its history.
  virtual Result<std::vector<GroupSummary>> list(UserId viewer) = 0;
  // Atomic check-and-insert: the group is full when it has `max_members` members
  // (0 = unlimited); concurrent joins never push it past the limit. A private group is
  // joined only with an invitation, which the join takes; to anyone else it does not exist.
  virtual Result<JoinOutcome> addMember(GroupId group, UserId user, int max_members,
                                        Timestamp now) = 0;
  // The member leaves, unless they are its owner and others remain (kOwnerStays).
  virtual Result<LeaveOutcome> removeMember(GroupId group, UserId user) = 0;
  // A private group the user is neither in nor invited to does not exist for them.
  virtual Result<Membership> membership(GroupId group, UserId user) = 0;
  using MemberJudge = std::function<Result<MemberVerdict>(const MemberFacts&)>;
  struct ChangedMember {
    MemberChangeOutcome outcome = MemberChangeOutcome::kChanged;
    GroupMember member;       // the target as the change left them (when kChanged or kUnchanged)
    bool was_member = false;  // the target was a member before the change
  };
  // Reads the facts, asks `judge` and applies its verdict, in one transaction: an
  // invitation stored, a member or an invitation removed (which counts as a departure), a
  // role set, or the group handed over (the owner becoming an admin). The judge's error
  // is returned as it is. kNoSuchUser: the target is not a user.
  virtual Result<ChangedMember> changeMember(const MemberChangeRequest& request,
                                             const MemberJudge& judge) = 0;
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
