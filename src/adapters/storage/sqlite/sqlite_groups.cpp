#include "adapters/storage/sqlite/sqlite_groups.hpp"

#include <algorithm>
#include <string>

#include "adapters/storage/common/uncounted_seqs_sql.hpp"

namespace chat::sqlite {
namespace {

// One row when the group exists: whether `user` is a member and how many members it has.
constexpr const char* kSelectGroupMembership =
    "SELECT EXISTS (SELECT 1 FROM group_members WHERE group_id = g.id AND user_id = ?), "
    "(SELECT count(*) FROM group_members WHERE group_id = g.id) "
    "FROM groups AS g WHERE g.id = ?";

struct GroupMembership {
  bool is_member = false;
  std::int64_t member_count = 0;
};

// nullopt when the group does not exist.
Result<std::optional<GroupMembership>> findMembership(Connection& connection, GroupId group,
                                                      UserId user) {
  auto select = connection.prepare(kSelectGroupMembership);
  if (!select) return select.error();
  auto row = select->bindInt(1, user).bindInt(2, group).step();
  if (!row) return row.error();
  if (!*row) return std::optional<GroupMembership>();
  return std::optional<GroupMembership>(
      GroupMembership{select->columnInt(0) != 0, select->columnInt(1)});
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

}  // namespace

Result<Groups::Created> GroupRepository::create(std::string_view name, UserId owner,
                                                Timestamp now) {
  return database_.write([&](Connection& connection) -> Result<Created> {
    GroupId group = 0;
    {
      // Selecting the owner makes a missing user an answer rather than a foreign key error.
      auto insert = connection.prepare(
          "INSERT INTO groups (name, owner_id, created_at) "
          "SELECT ?, id, ? FROM users WHERE id = ? RETURNING id");
      if (!insert) return insert.error();
      auto row = insert->bindText(1, name).bindTime(2, now).bindInt(3, owner).step();
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
        " END "
        "FROM groups AS g "
        "LEFT JOIN group_members AS gm ON gm.group_id = g.id AND gm.user_id = ? "
        "LEFT JOIN messages AS m ON gm.user_id IS NOT NULL AND m.group_id = g.id "
        "  AND m.seq = (SELECT max(seq) FROM messages WHERE group_id = g.id) "
        "LEFT JOIN users AS u ON u.id = m.sender_id "
        "ORDER BY g.id";
    auto select = connection.prepare(sql);
    if (!select) return select.error();
    select->bindInt(1, viewer);
    std::vector<GroupSummary> groups;
    for (;;) {
      auto row = select->step();
      if (!row) return row.error();
      if (!*row) return groups;
      GroupSummary group{
          select->columnInt(0), select->columnText(1), select->columnInt(2) != 0, 0, 0, 0,
          std::nullopt};
      if (group.is_member) {
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
    if (!*found) return JoinOutcome::kNoSuchGroup;
    if ((*found)->is_member) return JoinOutcome::kAlreadyMember;
    if (max_members > 0 && (*found)->member_count >= max_members) return JoinOutcome::kGroupFull;
    auto inserted = insertMember(connection, group, user, now);
    if (!inserted) return inserted.error();
    if (!*inserted) return JoinOutcome::kNoSuchUser;
    return JoinOutcome::kJoined;
  });
}

Result<LeaveOutcome> GroupRepository::removeMember(GroupId group, UserId user) {
  return database_.write([&](Connection& connection) -> Result<LeaveOutcome> {
    {
      auto exists = connection.prepare("SELECT 1 FROM groups WHERE id = ?");
      if (!exists) return exists.error();
      auto row = exists->bindInt(1, group).step();
      if (!row) return row.error();
      if (!*row) return LeaveOutcome::kNoSuchGroup;
    }
    auto remove =
        connection.prepare("DELETE FROM group_members WHERE group_id = ? AND user_id = ?");
    if (!remove) return remove.error();
    if (auto removed = remove->bindInt(1, group).bindInt(2, user).run(); !removed) {
      return removed.error();
    }
    if (connection.changes() == 0) return LeaveOutcome::kNotMember;
    auto bump =
        connection.prepare("UPDATE groups SET member_version = member_version + 1 WHERE id = ?");
    if (!bump) return bump.error();
    if (auto bumped = bump->bindInt(1, group).run(); !bumped) return bumped.error();
    return LeaveOutcome::kLeft;
  });
}

Result<Membership> GroupRepository::membership(GroupId group, UserId user) {
  // Asked before every send and history read: no member count here.
  return database_.read([&](Connection& connection) -> Result<Membership> {
    auto select = connection.prepare(
        "SELECT EXISTS (SELECT 1 FROM group_members WHERE group_id = g.id AND user_id = ?) "
        "FROM groups AS g WHERE g.id = ?");
    if (!select) return select.error();
    auto row = select->bindInt(1, user).bindInt(2, group).step();
    if (!row) return row.error();
    if (!*row) return Membership::kNoSuchGroup;
    return select->columnInt(0) != 0 ? Membership::kMember : Membership::kNotMember;
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
    auto exists = connection.prepare("SELECT 1 FROM groups WHERE id = ?");
    if (!exists) return exists.error();
    auto row = exists->bindInt(1, group).step();
    if (!row) return row.error();
    return MarkedRead{*row ? MarkReadOutcome::kNotMember : MarkReadOutcome::kNoSuchGroup, {}};
  });
}

Result<std::vector<GroupMember>> GroupRepository::members(GroupId group, UserId after, int limit) {
  return database_.read([&](Connection& connection) -> Result<std::vector<GroupMember>> {
    auto select = connection.prepare(
        "SELECT u.id, u.user_name, u.id = g.owner_id FROM group_members AS m "
        "JOIN groups AS g ON g.id = m.group_id JOIN users AS u ON u.id = m.user_id "
        "WHERE m.group_id = ? AND m.user_id > ? ORDER BY m.user_id LIMIT ?");
    if (!select) return select.error();
    select->bindInt(1, group).bindInt(2, after).bindInt(3, limit);
    std::vector<GroupMember> members;
    for (;;) {
      auto row = select->step();
      if (!row) return row.error();
      if (!*row) return members;
      members.push_back({select->columnInt(0), select->columnText(1),
                         select->columnInt(2) != 0 ? GroupRole::kOwner : GroupRole::kMember});
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
          "DELETE FROM groups WHERE id = ?"}) {
      auto statement = connection.prepare(sql);
      if (!statement) return statement.error();
      if (auto done = statement->bindInt(1, group).run(); !done) return done.error();
    }
    return connection.changes() > 0;
  });
}

}  // namespace chat::sqlite
