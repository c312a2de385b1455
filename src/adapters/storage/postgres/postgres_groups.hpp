#pragma once
// Groups repository on PostgreSQL. Borrows connections from a Pool it does not own.
// Thread-safe. Every change to a group's members first locks the group's row (FOR
// UPDATE), as the message committer does before it checks memberships: joins, leaves
// and appends of one group are serialized, also across processes, so a join never
// pushes a group past its limit and a message is stored only while its sender is a
// member.
#include "adapters/storage/postgres/postgres_pool.hpp"
#include "app/ports/groups.hpp"

namespace chat::postgres {

class GroupRepository final : public Groups {
 public:
  explicit GroupRepository(Pool& pool) : pool_(pool) {}

  Result<Created> create(std::string_view name, UserId owner, GroupVisibility visibility,
                         Timestamp now) override;
  Result<std::vector<GroupSummary>> list(UserId viewer) override;
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
  Pool& pool_;
};

}  // namespace chat::postgres
