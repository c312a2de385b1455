#pragma once
// Groups repository on SQLite. Holds a reference to the Database it does not own.
// Thread-safe (all access goes through Database::read/write); every check-then-change
// runs inside one write transaction.
#include "adapters/storage/sqlite/sqlite_database.hpp"
#include "app/ports/groups.hpp"

namespace chat::sqlite {

// The user's role in the group; empty when not a member. Inside a transaction of the caller's.
Result<std::optional<GroupRole>> roleIn(Connection& connection, GroupId group, UserId user);

class GroupRepository final : public Groups {
 public:
  explicit GroupRepository(Database& database) : database_(database) {}

  // kNotFound when `owner` is not a user.
  Result<Created> create(std::string_view name, UserId owner, GroupVisibility visibility,
                         Timestamp now) override;
  Result<std::vector<GroupSummary>> list(UserId viewer) override;
  // kNotFound when `user` is not a user.
  Result<JoinOutcome> addMember(GroupId group, UserId user, int max_members,
                                Timestamp now) override;
  Result<LeaveOutcome> removeMember(GroupId group, UserId user) override;
  Result<Membership> membership(GroupId group, UserId user) override;
  Result<MarkedRead> markRead(GroupId group, UserId user, Seq seq) override;
  Result<std::vector<GroupMember>> members(GroupId group, UserId after, int limit) override;
  Result<std::vector<GroupId>> groupsOf(UserId user) override;
  Result<std::vector<GroupHead>> heads(std::span<const GroupId> groups) override;
  Result<bool> remove(GroupId group) override;
  Result<ChangedMember> changeMember(const MemberChangeRequest& request,
                                     const MemberJudge& judge) override;

 private:
  Database& database_;
};

}  // namespace chat::sqlite
