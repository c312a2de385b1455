#include "adapters/storage/postgres/postgres_groups.hpp"

#include <array>
#include <string>

#include "adapters/storage/common/uncounted_seqs_sql.hpp"

#include "adapters/storage/postgres/postgres_message_row.hpp"

namespace chat::postgres {
namespace {

constexpr const char* kLockGroup = "SELECT 1 FROM groups WHERE id = $1 FOR UPDATE";

}  // namespace

Result<Groups::Created> GroupRepository::create(std::string_view name, UserId owner,
                                                Timestamp now) {
  return pool_.run([&](Connection& connection) -> Result<Created> {
    // One statement, so atomic: the group and its owner's membership, or neither.
    // Selecting the owner makes a missing user an answer rather than a foreign key error.
    auto rows = connection.query(
        "WITH created AS ("
        "  INSERT INTO groups (name, owner_id, created_at) "
        "  SELECT $1, id, $2 FROM users WHERE id = $3 RETURNING id, owner_id, created_at) "
        "INSERT INTO group_members (group_id, user_id, joined_at) "
        "SELECT id, owner_id, created_at FROM created RETURNING group_id",
        Params().add(name).add(now).add(owner));
    if (!rows) return rows.error();
    if (rows->rows() == 0) return Created{CreateGroupOutcome::kNoSuchOwner, 0};
    return Created{CreateGroupOutcome::kCreated, rows->integer(0, 0)};
  });
}

Result<std::vector<GroupSummary>> GroupRepository::list(UserId viewer) {
  return pool_.run([&](Connection& connection) -> Result<std::vector<GroupSummary>> {
    // For members only: the newest message, the last by its (group_id, seq) key, and the
    // seqs after the read marker that are not unread messages, by key too.
    static const std::string sql =
        "SELECT g.id, g.name, gm.user_id IS NOT NULL, g.last_seq, gm.last_read_seq, "
        "m.id, m.group_id, m.seq, m.sender_id, u.user_name, m.text, m.sent_at, m.edited_at, "
        "m.deleted_at, m.change_seq, CASE WHEN gm.user_id IS NULL THEN 0 ELSE " +
        storage::uncountedSeqsSql("g.id", "gm.last_read_seq") +
        " END "
        "FROM groups AS g "
        "LEFT JOIN group_members AS gm ON gm.group_id = g.id AND gm.user_id = $1 "
        "LEFT JOIN LATERAL (SELECT * FROM messages WHERE gm.user_id IS NOT NULL "
        "  AND group_id = g.id ORDER BY seq DESC LIMIT 1) AS m ON true "
        "LEFT JOIN users AS u ON u.id = m.sender_id "
        "ORDER BY g.id";
    auto rows = connection.query(sql.c_str(), Params().add(viewer));
    if (!rows) return rows.error();
    std::vector<GroupSummary> groups;
    groups.reserve(static_cast<std::size_t>(rows->rows()));
    for (int row = 0; row < rows->rows(); ++row) {
      GroupSummary group{
          rows->integer(row, 0), rows->string(row, 1), rows->boolean(row, 2), 0, 0, 0,
          std::nullopt};
      if (group.is_member) {
        group.last_seq = rows->integer(row, 3);
        group.last_read_seq = rows->integer(row, 4);
        group.uncounted_seqs = rows->integer(row, 15);
        if (!rows->isNull(row, 5)) group.last_message = messageAt(*rows, row, 5);
      }
      groups.push_back(std::move(group));
    }
    return groups;
  });
}

Result<JoinOutcome> GroupRepository::addMember(GroupId group, UserId user, int max_members,
                                               Timestamp now) {
  return pool_.run([&](Connection& connection) -> Result<JoinOutcome> {
    // The count is read after the lock is granted, by a statement of its own (so with a
    // snapshot that includes every join committed before): it is exact until COMMIT.
    const std::array<Statement, 3> check{
        Statement{"BEGIN"},
        Statement{kLockGroup, Params().add(group)},
        Statement{"SELECT EXISTS (SELECT 1 FROM group_members WHERE group_id = $1 AND "
                  "user_id = $2), "
                  "(SELECT count(*) FROM group_members WHERE group_id = $1), "
                  "EXISTS (SELECT 1 FROM users WHERE id = $2)",
                  Params().add(group).add(user)},
    };
    auto checked = connection.pipeline(check);
    if (!checked) return checked.error();
    const QueryResult& locked = (*checked)[1];
    const QueryResult& state = (*checked)[2];
    // Any outcome but kJoined leaves the transaction to the pool's rollback.
    if (locked.rows() == 0) return JoinOutcome::kNoSuchGroup;
    if (state.boolean(0, 0)) return JoinOutcome::kAlreadyMember;
    if (max_members > 0 && state.integer(0, 1) >= max_members) return JoinOutcome::kGroupFull;
    if (!state.boolean(0, 2)) return JoinOutcome::kNoSuchUser;

    const std::array<Statement, 2> join{
        // What the group said before the join counts as read.
        Statement{"INSERT INTO group_members (group_id, user_id, joined_at, last_read_seq) "
                  "SELECT $1, $2, $3, last_seq FROM groups WHERE id = $1",
                  Params().add(group).add(user).add(now)},
        Statement{"COMMIT"},
    };
    auto joined = connection.pipeline(join);
    if (!joined) return joined.error();
    return JoinOutcome::kJoined;
  });
}

Result<LeaveOutcome> GroupRepository::removeMember(GroupId group, UserId user) {
  return pool_.run([&](Connection& connection) -> Result<LeaveOutcome> {
    // One round trip: lock the group, delete the membership and count the departure
    // only when there was one.
    const std::array<Statement, 4> leave{
        Statement{"BEGIN"},
        Statement{kLockGroup, Params().add(group)},
        Statement{"WITH removed AS ("
                  "  DELETE FROM group_members WHERE group_id = $1 AND user_id = $2 "
                  "  RETURNING group_id) "
                  "UPDATE groups SET member_version = member_version + 1 "
                  "WHERE id = $1 AND EXISTS (SELECT 1 FROM removed) RETURNING 1",
                  Params().add(group).add(user)},
        Statement{"COMMIT"},
    };
    auto left = connection.pipeline(leave);
    if (!left) return left.error();
    if ((*left)[1].rows() == 0) return LeaveOutcome::kNoSuchGroup;
    return (*left)[2].rows() == 1 ? LeaveOutcome::kLeft : LeaveOutcome::kNotMember;
  });
}

Result<Membership> GroupRepository::membership(GroupId group, UserId user) {
  // Asked before every history read: one indexed statement, no transaction.
  return pool_.run([&](Connection& connection) -> Result<Membership> {
    auto rows = connection.query(
        "SELECT EXISTS (SELECT 1 FROM group_members WHERE group_id = g.id AND user_id = $2) "
        "FROM groups AS g WHERE g.id = $1",
        Params().add(group).add(user));
    if (!rows) return rows.error();
    if (rows->rows() == 0) return Membership::kNoSuchGroup;
    return rows->boolean(0, 0) ? Membership::kMember : Membership::kNotMember;
  });
}

Result<Groups::MarkedRead> GroupRepository::markRead(GroupId group, UserId user, Seq seq) {
  return pool_.run([&](Connection& connection) -> Result<MarkedRead> {
    // One statement: the marker moves forward, capped at the newest seq; the second part
    // tells a missing group from a non-member when nothing was updated.
    static const std::string sql =
        "WITH marked AS ("
        "  UPDATE group_members AS gm "
        "  SET last_read_seq = GREATEST(gm.last_read_seq, LEAST($3, g.last_seq)) "
        "  FROM groups AS g WHERE g.id = gm.group_id AND gm.group_id = $1 AND gm.user_id = $2 "
        "  RETURNING gm.last_read_seq, g.last_seq) "
        "SELECT last_read_seq, last_seq, true, " +
        storage::uncountedSeqsSql("$1", "marked.last_read_seq") +
        " FROM marked "
        "UNION ALL SELECT 0, 0, false, 0 FROM groups WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM "
        "marked)";
    auto rows = connection.query(sql.c_str(), Params().add(group).add(user).add(seq));
    if (!rows) return rows.error();
    if (rows->rows() == 0) return MarkedRead{MarkReadOutcome::kNoSuchGroup, {}};
    if (!rows->boolean(0, 2)) return MarkedRead{MarkReadOutcome::kNotMember, {}};
    return MarkedRead{
        MarkReadOutcome::kMarked,
        ReadMarker{group, rows->integer(0, 0), rows->integer(0, 1), rows->integer(0, 3)}};
  });
}

Result<std::vector<GroupMember>> GroupRepository::members(GroupId group, UserId after, int limit) {
  return pool_.run([&](Connection& connection) -> Result<std::vector<GroupMember>> {
    auto rows = connection.query(
        "SELECT u.id, u.user_name, u.id = g.owner_id FROM group_members AS m "
        "JOIN groups AS g ON g.id = m.group_id JOIN users AS u ON u.id = m.user_id "
        "WHERE m.group_id = $1 AND m.user_id > $2 ORDER BY m.user_id LIMIT $3",
        Params().add(group).add(after).add(std::int64_t{limit}));
    if (!rows) return rows.error();
    std::vector<GroupMember> members;
    members.reserve(static_cast<std::size_t>(rows->rows()));
    for (int row = 0; row < rows->rows(); ++row) {
      members.push_back({rows->integer(row, 0), rows->string(row, 1),
                         rows->boolean(row, 2) ? GroupRole::kOwner : GroupRole::kMember});
    }
    return members;
  });
}

Result<std::vector<GroupId>> GroupRepository::groupsOf(UserId user) {
  return pool_.run([&](Connection& connection) -> Result<std::vector<GroupId>> {
    auto rows =
        connection.query("SELECT group_id FROM group_members WHERE user_id = $1 ORDER BY group_id",
                         Params().add(user));
    if (!rows) return rows.error();
    std::vector<GroupId> groups;
    groups.reserve(static_cast<std::size_t>(rows->rows()));
    for (int row = 0; row < rows->rows(); ++row) groups.push_back(rows->integer(row, 0));
    return groups;
  });
}

Result<std::vector<GroupHead>> GroupRepository::heads(std::span<const GroupId> groups) {
  return pool_.run([&](Connection& connection) -> Result<std::vector<GroupHead>> {
    // One statement for all of them; ANY folds repeats, ORDER BY sorts by id.
    auto rows = connection.query(
        "SELECT id, last_seq, member_version FROM groups WHERE id = ANY ($1::bigint[]) "
        "ORDER BY id",
        Params().add(bigintArray(groups)));
    if (!rows) return rows.error();
    std::vector<GroupHead> heads;
    heads.reserve(static_cast<std::size_t>(rows->rows()));
    for (int row = 0; row < rows->rows(); ++row) {
      heads.push_back(
          GroupHead{rows->integer(row, 0), rows->integer(row, 1), rows->integer(row, 2)});
    }
    return heads;
  });
}

Result<bool> GroupRepository::remove(GroupId group) {
  return pool_.run([&](Connection& connection) -> Result<bool> {
    const std::array<Statement, 6> remove{
        Statement{"BEGIN"},
        Statement{"DELETE FROM message_changes WHERE group_id = $1", Params().add(group)},
        Statement{"DELETE FROM messages WHERE group_id = $1", Params().add(group)},
        Statement{"DELETE FROM group_members WHERE group_id = $1", Params().add(group)},
        Statement{"DELETE FROM groups WHERE id = $1 RETURNING 1", Params().add(group)},
        Statement{"COMMIT"},
    };
    auto removed = connection.pipeline(remove);
    if (!removed) return removed.error();
    return (*removed)[4].rows() > 0;
  });
}

}  // namespace chat::postgres
