#include "adapters/storage/postgres/postgres_groups.hpp"

#include <array>
#include <string>
#include <vector>

#include "adapters/storage/common/member_role_sql.hpp"
#include "adapters/storage/common/uncounted_seqs_sql.hpp"

#include "adapters/storage/postgres/postgres_message_row.hpp"

namespace chat::postgres {
namespace {

constexpr const char* kLockGroup = "SELECT is_private FROM groups WHERE id = $1 FOR UPDATE";

// Where `$2` stands in group `$1`: member, group size, invitation and ownership.
constexpr const char* kSelectStanding =
    "SELECT EXISTS (SELECT 1 FROM group_members WHERE group_id = $1 AND user_id = $2), "
    "(SELECT count(*) FROM group_members WHERE group_id = $1), "
    "EXISTS (SELECT 1 FROM users WHERE id = $2), "
    "EXISTS (SELECT 1 FROM group_invites WHERE group_id = $1 AND user_id = $2), "
    "EXISTS (SELECT 1 FROM groups WHERE id = $1 AND owner_id = $2)";

// The statements that store a change judged kApply, ending with COMMIT.
std::vector<Statement> memberChangeStatements(const MemberChangeRequest& request, bool was_member) {
  const GroupId group = request.group;
  const UserId target = request.target;
  std::vector<Statement> statements;
  switch (request.action) {
    case MemberAction::kInvite:
      statements.push_back(
          {"INSERT INTO group_invites (group_id, user_id, invited_at) VALUES ($1, $2, $3)",
           Params().add(group).add(target).add(request.at)});
      break;
    case MemberAction::kRemove:
      statements.push_back({"DELETE FROM group_invites WHERE group_id = $1 AND user_id = $2",
                            Params().add(group).add(target)});
      if (was_member) {
        statements.push_back({"DELETE FROM group_members WHERE group_id = $1 AND user_id = $2",
                              Params().add(group).add(target)});
        statements.push_back({"UPDATE groups SET member_version = member_version + 1 WHERE id = $1",
                              Params().add(group)});
      }
      break;
    case MemberAction::kMakeAdmin:
    case MemberAction::kMakeMember:
      statements.push_back(
          {request.action == MemberAction::kMakeAdmin
               ? "UPDATE group_members SET is_admin = true WHERE group_id = $1 AND user_id = $2"
               : "UPDATE group_members SET is_admin = false WHERE group_id = $1 AND user_id = $2",
           Params().add(group).add(target)});
      break;
    case MemberAction::kHandOver:
      statements.push_back(
          {"UPDATE groups SET owner_id = $2 WHERE id = $1", Params().add(group).add(target)});
      statements.push_back(
          {"UPDATE group_members SET is_admin = (user_id <> $2) "
           "WHERE group_id = $1 AND user_id IN ($2, $3)",
           Params().add(group).add(target).add(request.by)});
      break;
  }
  statements.push_back({"COMMIT"});
  return statements;
}

}  // namespace

Result<Groups::Created> GroupRepository::create(std::string_view name, UserId owner,
                                                GroupVisibility visibility, Timestamp now) {
  return pool_.run([&](Connection& connection) -> Result<Created> {
    // One statement, so atomic: the group and its owner's membership, or neither.
    // Selecting the owner makes a missing user an answer rather than a foreign key error.
    auto rows = connection.query(
        "WITH created AS ("
        "  INSERT INTO groups (name, owner_id, created_at, is_private) "
        "  SELECT $1, id, $2, $4::boolean FROM users WHERE id = $3 "
        "  RETURNING id, owner_id, created_at) "
        "INSERT INTO group_members (group_id, user_id, joined_at) "
        "SELECT id, owner_id, created_at FROM created RETURNING group_id",
        Params().add(name).add(now).add(owner).add(
            visibility == GroupVisibility::kPrivate ? "true" : "false"));
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
        " END, g.is_private, gi.user_id IS NOT NULL, " + storage::memberRoleSql("g", "gm") +
        " FROM groups AS g "
        "LEFT JOIN group_members AS gm ON gm.group_id = g.id AND gm.user_id = $1 "
        // A member's invitation was taken by the join: looked up for the others only.
        "LEFT JOIN group_invites AS gi ON gm.user_id IS NULL AND gi.group_id = g.id "
        "  AND gi.user_id = $1 "
        "LEFT JOIN LATERAL (SELECT * FROM messages WHERE gm.user_id IS NOT NULL "
        "  AND group_id = g.id ORDER BY seq DESC LIMIT 1) AS m ON true "
        "LEFT JOIN users AS u ON u.id = m.sender_id "
        "WHERE NOT g.is_private OR gm.user_id IS NOT NULL OR gi.user_id IS NOT NULL "
        "ORDER BY g.id";
    auto rows = connection.query(sql.c_str(), Params().add(viewer));
    if (!rows) return rows.error();
    std::vector<GroupSummary> groups;
    groups.reserve(static_cast<std::size_t>(rows->rows()));
    for (int row = 0; row < rows->rows(); ++row) {
      GroupSummary group;
      group.id = rows->integer(row, 0);
      group.name = rows->string(row, 1);
      group.is_member = rows->boolean(row, 2);
      group.is_private = rows->boolean(row, 16);
      group.invited = rows->boolean(row, 17);
      if (group.is_member) {
        group.role = storage::memberRoleFrom(rows->integer(row, 18));
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
        Statement{kSelectStanding, Params().add(group).add(user)},
    };
    auto checked = connection.pipeline(check);
    if (!checked) return checked.error();
    const QueryResult& locked = (*checked)[1];
    const QueryResult& state = (*checked)[2];
    // Any outcome but kJoined leaves the transaction to the pool's rollback.
    const bool invited = state.boolean(0, 3);
    if (locked.rows() == 0) return JoinOutcome::kNoSuchGroup;
    if (state.boolean(0, 0)) return JoinOutcome::kAlreadyMember;
    if (locked.boolean(0, 0) && !invited) return JoinOutcome::kNoSuchGroup;
    if (max_members > 0 && state.integer(0, 1) >= max_members) return JoinOutcome::kGroupFull;
    if (!state.boolean(0, 2)) return JoinOutcome::kNoSuchUser;

    const std::array<Statement, 3> join{
        // What the group said before the join counts as read; the invitation is taken.
        Statement{"INSERT INTO group_members (group_id, user_id, joined_at, last_read_seq) "
                  "SELECT $1, $2, $3, last_seq FROM groups WHERE id = $1",
                  Params().add(group).add(user).add(now)},
        Statement{"DELETE FROM group_invites WHERE group_id = $1 AND user_id = $2",
                  Params().add(group).add(user)},
        Statement{"COMMIT"},
    };
    auto joined = connection.pipeline(join);
    if (!joined) return joined.error();
    return JoinOutcome::kJoined;
  });
}

Result<LeaveOutcome> GroupRepository::removeMember(GroupId group, UserId user) {
  return pool_.run([&](Connection& connection) -> Result<LeaveOutcome> {
    // Two round trips: lock the group and read where the user stands; then delete the
    // membership and count the departure. Any outcome but kLeft rolls back.
    const std::array<Statement, 3> check{
        Statement{"BEGIN"},
        Statement{kLockGroup, Params().add(group)},
        Statement{kSelectStanding, Params().add(group).add(user)},
    };
    auto checked = connection.pipeline(check);
    if (!checked) return checked.error();
    const QueryResult& locked = (*checked)[1];
    const QueryResult& state = (*checked)[2];
    if (locked.rows() == 0) return LeaveOutcome::kNoSuchGroup;
    if (!state.boolean(0, 0)) {
      const bool hidden = locked.boolean(0, 0) && !state.boolean(0, 3);
      return hidden ? LeaveOutcome::kNoSuchGroup : LeaveOutcome::kNotMember;
    }
    const GroupRole role = state.boolean(0, 4) ? GroupRole::kOwner : GroupRole::kMember;
    if (!mayLeave(role, state.integer(0, 1))) return LeaveOutcome::kOwnerStays;
    const std::array<Statement, 3> leave{
        Statement{"DELETE FROM group_members WHERE group_id = $1 AND user_id = $2",
                  Params().add(group).add(user)},
        Statement{"UPDATE groups SET member_version = member_version + 1 WHERE id = $1",
                  Params().add(group)},
        Statement{"COMMIT"},
    };
    if (auto left = connection.pipeline(leave); !left) return left.error();
    return LeaveOutcome::kLeft;
  });
}

Result<Membership> GroupRepository::membership(GroupId group, UserId user) {
  // Asked before every history read: one indexed statement, no transaction; the invitation
  // is looked up only for a private group the user is not in.
  return pool_.run([&](Connection& connection) -> Result<Membership> {
    auto rows = connection.query(
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM group_members WHERE group_id = g.id "
        "  AND user_id = $2) THEN 1 "
        "WHEN NOT g.is_private OR EXISTS (SELECT 1 FROM group_invites WHERE group_id = g.id "
        "  AND user_id = $2) THEN 0 ELSE -1 END "
        "FROM groups AS g WHERE g.id = $1",
        Params().add(group).add(user));
    if (!rows) return rows.error();
    if (rows->rows() == 0) return Membership::kNoSuchGroup;
    return storage::membershipFrom(rows->integer(0, 0));
  });
}

Result<Groups::MarkedRead> GroupRepository::markRead(GroupId group, UserId user, Seq seq) {
  return pool_.run([&](Connection& connection) -> Result<MarkedRead> {
    // One statement: the marker moves forward, capped at the newest seq; the second part
    // tells a missing group (or a private one) from a non-member when nothing was updated.
    static const std::string sql =
        "WITH marked AS ("
        "  UPDATE group_members AS gm "
        "  SET last_read_seq = GREATEST(gm.last_read_seq, LEAST($3, g.last_seq)) "
        "  FROM groups AS g WHERE g.id = gm.group_id AND gm.group_id = $1 AND gm.user_id = $2 "
        "  RETURNING gm.last_read_seq, g.last_seq) "
        "SELECT last_read_seq, last_seq, true, " +
        storage::uncountedSeqsSql("$1", "marked.last_read_seq") +
        " FROM marked "
        "UNION ALL SELECT 0, 0, false, 0 FROM groups WHERE id = $1 AND NOT is_private "
        "AND NOT EXISTS (SELECT 1 FROM marked)";
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
    static const std::string sql =
        "SELECT u.id, u.user_name, " + storage::memberRoleSql("g", "m") +
        " FROM group_members AS m "
        "JOIN groups AS g ON g.id = m.group_id JOIN users AS u ON u.id = m.user_id "
        "WHERE m.group_id = $1 AND m.user_id > $2 ORDER BY m.user_id LIMIT $3";
    auto rows =
        connection.query(sql.c_str(), Params().add(group).add(after).add(std::int64_t{limit}));
    if (!rows) return rows.error();
    std::vector<GroupMember> members;
    members.reserve(static_cast<std::size_t>(rows->rows()));
    for (int row = 0; row < rows->rows(); ++row) {
      members.push_back({rows->integer(row, 0), rows->string(row, 1),
                         storage::memberRoleFrom(rows->integer(row, 2))});
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
    const std::array<Statement, 7> remove{
        Statement{"BEGIN"},
        Statement{"DELETE FROM message_changes WHERE group_id = $1", Params().add(group)},
        Statement{"DELETE FROM messages WHERE group_id = $1", Params().add(group)},
        Statement{"DELETE FROM group_members WHERE group_id = $1", Params().add(group)},
        Statement{"DELETE FROM group_invites WHERE group_id = $1", Params().add(group)},
        Statement{"DELETE FROM groups WHERE id = $1 RETURNING 1", Params().add(group)},
        Statement{"COMMIT"},
    };
    auto removed = connection.pipeline(remove);
    if (!removed) return removed.error();
    return (*removed)[5].rows() > 0;
  });
}

Result<Groups::ChangedMember> GroupRepository::changeMember(const MemberChangeRequest& request,
                                                            const MemberJudge& judge) {
  return pool_.run([&](Connection& connection) -> Result<ChangedMember> {
    // The group's lock orders the change among joins, leaves and other changes. Any
    // outcome but kChanged leaves the transaction to the pool's rollback.
    static const std::string role_sql =
        "(SELECT " + storage::memberRoleSql("g", "gm") +
        " FROM group_members AS gm JOIN groups AS g ON g.id = gm.group_id "
        "WHERE gm.group_id = $1 AND gm.user_id = ";
    static const std::string facts_sql =
        "SELECT (SELECT user_name FROM users WHERE id = $3), " + role_sql + "$2), " + role_sql +
        "$3), EXISTS (SELECT 1 FROM group_invites WHERE group_id = $1 AND user_id = $3)";
    const std::array<Statement, 3> check{
        Statement{"BEGIN"},
        Statement{kLockGroup, Params().add(request.group)},
        Statement{facts_sql.c_str(),
                  Params().add(request.group).add(request.by).add(request.target)},
    };
    auto checked = connection.pipeline(check);
    if (!checked) return checked.error();
    const QueryResult& locked = (*checked)[1];
    const QueryResult& found = (*checked)[2];
    if (locked.rows() == 0) return ChangedMember{MemberChangeOutcome::kNoSuchGroup, {}};
    if (found.isNull(0, 0)) return ChangedMember{MemberChangeOutcome::kNoSuchUser, {}};
    MemberFacts facts;
    facts.is_private = locked.boolean(0, 0);
    if (!found.isNull(0, 1)) facts.actor = storage::memberRoleFrom(found.integer(0, 1));
    if (!found.isNull(0, 2)) facts.target = storage::memberRoleFrom(found.integer(0, 2));
    facts.target_invited = found.boolean(0, 3);
    GroupMember target{request.target, found.string(0, 0), GroupRole::kMember};
    const bool was_member = facts.target.has_value();

    auto verdict = judge(facts);
    if (!verdict) return verdict.error();
    if (*verdict == MemberVerdict::kNothingToDo) {
      target.role = facts.target.value_or(GroupRole::kMember);
      return ChangedMember{MemberChangeOutcome::kUnchanged, std::move(target), was_member};
    }
    const auto apply = memberChangeStatements(request, was_member);
    if (auto applied = connection.pipeline(apply); !applied) return applied.error();
    target.role = roleAfter(request.action, facts.target).value_or(GroupRole::kMember);
    return ChangedMember{MemberChangeOutcome::kChanged, std::move(target), was_member};
  });
}

}  // namespace chat::postgres
