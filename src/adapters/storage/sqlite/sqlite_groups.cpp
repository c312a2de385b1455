#include "adapters/storage/sqlite/sqlite_groups.hpp"

#include <algorithm>
#include <string>

#include "adapters/storage/common/member_role_sql.hpp"
#include "adapters/storage/common/uncounted_seqs_sql.hpp"

namespace chat::sqlite {
namespace {

// One row when the group exists: where `user` stands in it and how many members it has.
constexpr const char* kSelectGroupMembership =
    "SELECT EXISTS (SELECT 1 FROM group_members WHERE group_id = g.id AND user_id = ?1), "
    "(SELECT count(*) FROM group_members WHERE group_id = g.id), g.is_private, "
    "EXISTS (SELECT 1 FROM group_invites WHERE group_id = g.id AND user_id = ?1), "
    "g.owner_id = ?1 "
    "FROM groups AS g WHERE g.id = ?2";

struct GroupMembership {
  bool is_member = false;
  std::int64_t member_count = 0;
  bool is_private = false;
  bool invited = false;
  bool is_owner = false;
  // A private group is, to someone neither in it nor invited, no group at all.
  bool hidden() const { return is_private && !is_member && !invited; }
};

Status execute(Connection& connection, const char* sql, GroupId group, UserId user) {
  auto statement = connection.prepare(sql);
  if (!statement) return statement.error();
  return statement->bindInt(1, group).bindInt(2, user).run();
}

Status countDeparture(Connection& connection, GroupId group) {
  auto bump =
      connection.prepare("UPDATE groups SET member_version = member_version + 1 WHERE id = ?");
  if (!bump) return bump.error();
  return bump->bindInt(1, group).run();
}

constexpr const char* kDeleteInvite =
    "DELETE FROM group_invites WHERE group_id = ? AND user_id = ?";
constexpr const char* kDeleteMember =
    "DELETE FROM group_members WHERE group_id = ? AND user_id = ?";
constexpr const char* kMakeAdmin =
    "UPDATE group_members SET is_admin = 1 WHERE group_id = ? AND user_id = ?";
constexpr const char* kMakeMember =
    "UPDATE group_members SET is_admin = 0 WHERE group_id = ? AND user_id = ?";

// nullopt when the group does not exist.
Result<std::optional<GroupMembership>> findMembership(Connection& connection, GroupId group,
                                                      UserId user) {
  auto select = connection.prepare(kSelectGroupMembership);
  if (!select) return select.error();
  auto row = select->bindInt(1, user).bindInt(2, group).step();
  if (!row) return row.error();
  if (!*row) return std::optional<GroupMembership>();
  GroupMembership found;
  found.is_member = select->columnInt(0) != 0;
  found.member_count = select->columnInt(1);
  found.is_private = select->columnInt(2) != 0;
  found.invited = select->columnInt(3) != 0;
  found.is_owner = select->columnInt(4) != 0;
  return std::optional<GroupMembership>(found);
}

// Inserts the membership unless `user` does not exist (then reports false). What the group
// said before the join counts as read.
Result<bool> insertMember(Connection& connection, GroupId group, UserId user, Timestamp now) {
  auto insert = connection.prepare(
      "INSERT INTO group_members (group_id, user_id, joined_at, last_read_seq) "
      "SELECT ?, id, ?, (SELECT last_seq FROM groups WHERE id = ?1) FROM users WHERE id = ?");
  if (!insert) return insert.error();
  if (auto inserted = insert->bindInt(1, group).bindTime(2, now).bindInt(3, user).run();
      !inserted) {
    return inserted.error();
  }
  return connection.changes() == 1;
}

// Stores a change judged kApply.
Status applyMemberChange(Connection& connection, const MemberChangeRequest& request,
                         bool was_member) {
  const GroupId group = request.group;
  switch (request.action) {
    case MemberAction::kInvite: {
      auto insert = connection.prepare(
          "INSERT INTO group_invites (group_id, user_id, invited_at) VALUES (?, ?, ?)");
      if (!insert) return insert.error();
      return insert->bindInt(1, group).bindInt(2, request.target).bindTime(3, request.at).run();
    }
    case MemberAction::kRemove:
      if (auto withdrawn = execute(connection, kDeleteInvite, group, request.target); !withdrawn) {
        return withdrawn;
      }
      if (!was_member) return {};
      if (auto removed = execute(connection, kDeleteMember, group, request.target); !removed) {
        return removed;
      }
      return countDeparture(connection, group);
    case MemberAction::kMakeAdmin:
      return execute(connection, kMakeAdmin, group, request.target);
    case MemberAction::kMakeMember:
      return execute(connection, kMakeMember, group, request.target);
    case MemberAction::kHandOver: {
      auto hand = connection.prepare("UPDATE groups SET owner_id = ? WHERE id = ?");
      if (!hand) return hand.error();
      if (auto handed = hand->bindInt(1, request.target).bindInt(2, group).run(); !handed) {
        return handed;
      }
      if (auto demoted = execute(connection, kMakeAdmin, group, request.by); !demoted) {
        return demoted;
      }
      return execute(connection, kMakeMember, group, request.target);
    }
  }
  return Error::internal("unknown member change");
}

}  // namespace

Result<Groups::Created> GroupRepository::create(std::string_view name, UserId owner,
                                                GroupVisibility visibility, Timestamp now) {
  return database_.write([&](Connection& connection) -> Result<Created> {
    GroupId group = 0;
    {
      // Selecting the owner makes a missing user an answer rather than a foreign key error.
      auto insert = connection.prepare(
          "INSERT INTO groups (name, owner_id, created_at, is_private) "
          "SELECT ?, id, ?, ? FROM users WHERE id = ? RETURNING id");
      if (!insert) return insert.error();
      auto row = insert->bindText(1, name)
                     .bindTime(2, now)
                     .bindInt(3, visibility == GroupVisibility::kPrivate ? 1 : 0)
                     .bindInt(4, owner)
                     .step();
      if (!row) return row.error();
      if (!*row) return Created{CreateGroupOutcome::kNoSuchOwner, 0};
      group = insert->columnInt(0);
    }
    auto member = insertMember(connection, group, owner, now);
    if (!member) return member.error();
    if (!*member) return Error::internal("group owner vanished while creating the group");
    return Created{CreateGroupOutcome::kCreated, group};
  });
}

Result<std::vector<GroupSummary>> GroupRepository::list(UserId viewer) {
  return database_.read([&](Connection& connection) -> Result<std::vector<GroupSummary>> {
    // For members only: the newest message, the last by its (group_id, seq) key, and the
    // seqs after the read marker that are not unread messages, by key too.
    static const std::string sql =
        "SELECT g.id, g.name, gm.user_id IS NOT NULL, g.last_seq, gm.last_read_seq, "
        "m.id, m.seq, m.sender_id, u.user_name, m.text, m.sent_at, m.edited_at, m.deleted_at, "
        "m.change_seq, CASE WHEN gm.user_id IS NULL THEN 0 ELSE " +
        storage::uncountedSeqsSql("g.id", "gm.last_read_seq") +
        " END, g.is_private, gi.user_id IS NOT NULL, " + storage::memberRoleSql("g", "gm") +
        " FROM groups AS g "
        "LEFT JOIN group_members AS gm ON gm.group_id = g.id AND gm.user_id = ?1 "
        // A member's invitation was taken by the join: looked up for the others only.
        "LEFT JOIN group_invites AS gi ON gm.user_id IS NULL AND gi.group_id = g.id "
        "  AND gi.user_id = ?1 "
        "LEFT JOIN messages AS m ON gm.user_id IS NOT NULL AND m.group_id = g.id "
        "  AND m.seq = (SELECT max(seq) FROM messages WHERE group_id = g.id) "
        "LEFT JOIN users AS u ON u.id = m.sender_id "
        "WHERE g.is_private = 0 OR gm.user_id IS NOT NULL OR gi.user_id IS NOT NULL "
        "ORDER BY g.id";
    auto select = connection.prepare(sql);
    if (!select) return select.error();
    select->bindInt(1, viewer);
    std::vector<GroupSummary> groups;
    for (;;) {
      auto row = select->step();
      if (!row) return row.error();
      if (!*row) return groups;
      GroupSummary group;
      group.id = select->columnInt(0);
      group.name = select->columnText(1);
      group.is_member = select->columnInt(2) != 0;
      group.is_private = select->columnInt(15) != 0;
      group.invited = select->columnInt(16) != 0;
      if (group.is_member) {
        group.role = storage::memberRoleFrom(select->columnInt(17));
        group.last_seq = select->columnInt(3);
        group.last_read_seq = select->columnInt(4);
        group.uncounted_seqs = select->columnInt(14);
        if (!select->columnIsNull(5)) {
          Message last;
          last.id = select->columnInt(5);
          last.group_id = group.id;
          last.seq = select->columnInt(6);
          last.sender_id = select->columnInt(7);
          last.sender_name = select->columnText(8);
          last.text = select->columnText(9);
          last.sent_on = select->columnTime(10);
          if (!select->columnIsNull(11)) last.edited_on = select->columnTime(11);
          if (!select->columnIsNull(12)) last.deleted_on = select->columnTime(12);
          last.change_seq = select->columnInt(13);
          group.last_message = std::move(last);
        }
      }
      groups.push_back(std::move(group));
    }
  });
}

Result<JoinOutcome> GroupRepository::addMember(GroupId group, UserId user, int max_members,
                                               Timestamp now) {
  // Check and insert in one write transaction: concurrent joins are serialized, so the
  // count each one sees includes every join committed before it.
  return database_.write([&](Connection& connection) -> Result<JoinOutcome> {
    auto found = findMembership(connection, group, user);
    if (!found) return found.error();
    if (!*found || (*found)->hidden()) return JoinOutcome::kNoSuchGroup;
    if ((*found)->is_member) return JoinOutcome::kAlreadyMember;
    if (max_members > 0 && (*found)->member_count >= max_members) return JoinOutcome::kGroupFull;
    auto inserted = insertMember(connection, group, user, now);
    if (!inserted) return inserted.error();
    if (!*inserted) return JoinOutcome::kNoSuchUser;
    if ((*found)->invited) {
      if (auto taken = execute(connection, kDeleteInvite, group, user); !taken) {
        return taken.error();
      }
    }
    return JoinOutcome::kJoined;
  });
}

Result<LeaveOutcome> GroupRepository::removeMember(GroupId group, UserId user) {
  return database_.write([&](Connection& connection) -> Result<LeaveOutcome> {
    auto found = findMembership(connection, group, user);
    if (!found) return found.error();
    if (!*found || (*found)->hidden()) return LeaveOutcome::kNoSuchGroup;
    if (!(*found)->is_member) return LeaveOutcome::kNotMember;
    const GroupRole role = (*found)->is_owner ? GroupRole::kOwner : GroupRole::kMember;
    if (!mayLeave(role, (*found)->member_count)) return LeaveOutcome::kOwnerStays;
    if (auto removed = execute(connection, kDeleteMember, group, user); !removed) {
      return removed.error();
    }
    if (auto counted = countDeparture(connection, group); !counted) return counted.error();
    return LeaveOutcome::kLeft;
  });
}

Result<Membership> GroupRepository::membership(GroupId group, UserId user) {
  // Asked before every history read: no member count here, and the invitation is looked
  // up only for a private group the user is not in.
  return database_.read([&](Connection& connection) -> Result<Membership> {
    auto select = connection.prepare(
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM group_members WHERE group_id = g.id "
        "  AND user_id = ?1) THEN 1 "
        "WHEN g.is_private = 0 OR EXISTS (SELECT 1 FROM group_invites WHERE group_id = g.id "
        "  AND user_id = ?1) THEN 0 ELSE -1 END "
        "FROM groups AS g WHERE g.id = ?2");
    if (!select) return select.error();
    auto row = select->bindInt(1, user).bindInt(2, group).step();
    if (!row) return row.error();
    if (!*row) return Membership::kNoSuchGroup;
    return storage::membershipFrom(select->columnInt(0));
  });
}

Result<Groups::MarkedRead> GroupRepository::markRead(GroupId group, UserId user, Seq seq) {
  return database_.write([&](Connection& connection) -> Result<MarkedRead> {
    {
      static const std::string sql =
          "UPDATE group_members SET last_read_seq = max(last_read_seq, "
          "  min(?, (SELECT last_seq FROM groups WHERE id = group_id))) "
          "WHERE group_id = ? AND user_id = ? "
          "RETURNING last_read_seq, (SELECT last_seq FROM groups WHERE id = group_id), " +
          storage::uncountedSeqsSql("group_members.group_id", "group_members.last_read_seq");
      auto update = connection.prepare(sql);
      if (!update) return update.error();
      auto row = update->bindInt(1, seq).bindInt(2, group).bindInt(3, user).step();
      if (!row) return row.error();
      if (*row) {
        ReadMarker marker{group, update->columnInt(0), update->columnInt(1), update->columnInt(2)};
        return MarkedRead{MarkReadOutcome::kMarked, marker};
      }
    }
    // A private group does not exist for someone not in it.
    auto exists = connection.prepare("SELECT 1 FROM groups WHERE id = ? AND is_private = 0");
    if (!exists) return exists.error();
    auto row = exists->bindInt(1, group).step();
    if (!row) return row.error();
    return MarkedRead{*row ? MarkReadOutcome::kNotMember : MarkReadOutcome::kNoSuchGroup, {}};
  });
}

Result<std::vector<GroupMember>> GroupRepository::members(GroupId group, UserId after, int limit) {
  return database_.read([&](Connection& connection) -> Result<std::vector<GroupMember>> {
    static const std::string sql =
        "SELECT u.id, u.user_name, " + storage::memberRoleSql("g", "m") +
        " FROM group_members AS m "
        "JOIN groups AS g ON g.id = m.group_id JOIN users AS u ON u.id = m.user_id "
        "WHERE m.group_id = ? AND m.user_id > ? ORDER BY m.user_id LIMIT ?";
    auto select = connection.prepare(sql);
    if (!select) return select.error();
    select->bindInt(1, group).bindInt(2, after).bindInt(3, limit);
    std::vector<GroupMember> members;
    for (;;) {
      auto row = select->step();
      if (!row) return row.error();
      if (!*row) return members;
      members.push_back({select->columnInt(0), select->columnText(1),
                         storage::memberRoleFrom(select->columnInt(2))});
    }
  });
}

Result<std::vector<GroupId>> GroupRepository::groupsOf(UserId user) {
  return database_.read([&](Connection& connection) -> Result<std::vector<GroupId>> {
    auto select = connection.prepare(
        "SELECT group_id FROM group_members WHERE user_id = ? ORDER BY group_id");
    if (!select) return select.error();
    select->bindInt(1, user);
    std::vector<GroupId> groups;
    for (;;) {
      auto row = select->step();
      if (!row) return row.error();
      if (!*row) return groups;
      groups.push_back(select->columnInt(0));
    }
  });
}

Result<std::vector<GroupHead>> GroupRepository::heads(std::span<const GroupId> groups) {
  std::vector<GroupId> ids(groups.begin(), groups.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return database_.read([&](Connection& connection) -> Result<std::vector<GroupHead>> {
    // One indexed lookup per id in one read transaction: cheap on an embedded engine
    // (the statement comes from the connection's cache).
    std::vector<GroupHead> heads;
    for (GroupId id : ids) {
      auto select = connection.prepare("SELECT last_seq, member_version FROM groups WHERE id = ?");
      if (!select) return select.error();
      auto row = select->bindInt(1, id).step();
      if (!row) return row.error();
      if (*row) heads.push_back(GroupHead{id, select->columnInt(0), select->columnInt(1)});
    }
    return heads;
  });
}

Result<bool> GroupRepository::remove(GroupId group) {
  return database_.write([&](Connection& connection) -> Result<bool> {
    for (const char* sql :
         {"DELETE FROM message_changes WHERE group_id = ?",
          "DELETE FROM messages WHERE group_id = ?", "DELETE FROM group_members WHERE group_id = ?",
          "DELETE FROM group_invites WHERE group_id = ?", "DELETE FROM groups WHERE id = ?"}) {
      auto statement = connection.prepare(sql);
      if (!statement) return statement.error();
      if (auto done = statement->bindInt(1, group).run(); !done) return done.error();
    }
    return connection.changes() > 0;
  });
}

Result<std::optional<GroupRole>> roleIn(Connection& connection, GroupId group, UserId user) {
  static const std::string sql = "SELECT " + storage::memberRoleSql("g", "gm") +
                                 " FROM group_members AS gm JOIN groups AS g ON g.id = gm.group_id "
                                 "WHERE gm.group_id = ? AND gm.user_id = ?";
  auto select = connection.prepare(sql);
  if (!select) return select.error();
  auto row = select->bindInt(1, group).bindInt(2, user).step();
  if (!row) return row.error();
  if (!*row) return std::optional<GroupRole>();
  return std::optional<GroupRole>(storage::memberRoleFrom(select->columnInt(0)));
}

Result<Groups::ChangedMember> GroupRepository::changeMember(const MemberChangeRequest& request,
                                                            const MemberJudge& judge) {
  return database_.write([&](Connection& connection) -> Result<ChangedMember> {
    const GroupId group = request.group;
    MemberFacts facts;
    {
      auto select = connection.prepare("SELECT is_private FROM groups WHERE id = ?");
      if (!select) return select.error();
      auto row = select->bindInt(1, group).step();
      if (!row) return row.error();
      if (!*row) return ChangedMember{MemberChangeOutcome::kNoSuchGroup, {}};
      facts.is_private = select->columnInt(0) != 0;
    }
    GroupMember target{request.target, {}, GroupRole::kMember};
    {
      auto select = connection.prepare("SELECT user_name FROM users WHERE id = ?");
      if (!select) return select.error();
      auto row = select->bindInt(1, request.target).step();
      if (!row) return row.error();
      if (!*row) return ChangedMember{MemberChangeOutcome::kNoSuchUser, {}};
      target.user_name = select->columnText(0);
    }
    auto actor = roleIn(connection, group, request.by);
    if (!actor) return actor.error();
    facts.actor = *actor;
    auto target_role = roleIn(connection, group, request.target);
    if (!target_role) return target_role.error();
    facts.target = *target_role;
    {
      auto select =
          connection.prepare("SELECT 1 FROM group_invites WHERE group_id = ? AND user_id = ?");
      if (!select) return select.error();
      auto row = select->bindInt(1, group).bindInt(2, request.target).step();
      if (!row) return row.error();
      facts.target_invited = *row;
    }
    auto verdict = judge(facts);
    if (!verdict) return verdict.error();
    const bool was_member = facts.target.has_value();
    if (*verdict == MemberVerdict::kNothingToDo) {
      target.role = facts.target.value_or(GroupRole::kMember);
      return ChangedMember{MemberChangeOutcome::kUnchanged, std::move(target), was_member};
    }
    if (auto applied = applyMemberChange(connection, request, was_member); !applied) {
      return applied.error();
    }
    target.role = roleAfter(request.action, facts.target).value_or(GroupRole::kMember);
    return ChangedMember{MemberChangeOutcome::kChanged, std::move(target), was_member};
  });
}

}  // namespace chat::sqlite
