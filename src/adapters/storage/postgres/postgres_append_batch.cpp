#include "adapters/storage/postgres/postgres_append_batch.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace chat::postgres {
namespace {

using ClientKey = std::pair<UserId, std::string>;
using MemberKey = std::pair<GroupId, UserId>;

constexpr const char* kLockGroups =
    "SELECT id, last_seq, is_private FROM groups WHERE id = ANY ($1::bigint[]) ORDER BY id "
    "FOR UPDATE";
// Both lookups are one index probe per element, written as LATERAL ... LIMIT 1 so that the
// planner can not turn them into scans (on a young table's statistics it would drive the
// client id index by sender alone, reading every message of the sender). Names are read
// once per sender, not per message.
constexpr const char* kSelectMembers =
    "SELECT p.group_id, p.user_id "
    "FROM unnest($1::bigint[], $2::bigint[]) AS p (group_id, user_id) "
    "CROSS JOIN LATERAL (SELECT 1 FROM group_members AS gm "
    "  WHERE gm.group_id = p.group_id AND gm.user_id = p.user_id LIMIT 1) AS gm";
constexpr const char* kSelectNames =
    "SELECT id, user_name FROM users WHERE id = ANY ($1::bigint[])";
constexpr const char* kSelectEarlierCopies =
    "SELECT c.sender_id, c.client_message_id, m.id, m.group_id, m.seq, m.text, m.sent_at, "
    "m.edited_at, m.deleted_at, m.change_seq "
    "FROM unnest($1::bigint[], $2::text[]) AS c (sender_id, client_message_id) "
    "CROSS JOIN LATERAL (SELECT id, group_id, seq, text, sent_at, edited_at, deleted_at, "
    "  change_seq FROM messages "
    "  WHERE sender_id = c.sender_id AND client_message_id = c.client_message_id "
    "  LIMIT 1) AS m";
constexpr const char* kInsertMessages =
    "INSERT INTO messages (group_id, seq, sender_id, text, sent_at, client_message_id) "
    "SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::bigint[], "
    "$6::text[]) "
    "RETURNING id, group_id, seq";
constexpr const char* kUpdateLastSeqs =
    "UPDATE groups AS g SET last_seq = v.last_seq "
    "FROM unnest($1::bigint[], $2::bigint[]) AS v (id, last_seq) WHERE g.id = v.id";

bool sendable(const NewMessage& message) {
  auto clean = [](std::string_view text) { return text.find('\0') == std::string_view::npos; };
  return clean(message.text) && (!message.client_message_id || clean(*message.client_message_id));
}

// What phase 1 read, under the transaction's locks.
struct Snapshot {
  std::unordered_map<GroupId, Seq> last_seq;   // the groups that exist
  std::unordered_set<GroupId> private_groups;  // which, to a non-member, do not
  std::set<MemberKey> members;
  std::unordered_map<UserId, std::string> names;  // of the senders
  std::map<ClientKey, Message> earlier;
};

Result<Snapshot> lockAndRead(Connection& connection, const std::vector<NewMessage>& messages) {
  std::vector<GroupId> groups;
  std::vector<UserId> senders;
  std::vector<MemberKey> members;
  std::vector<ClientKey> client_keys;
  for (const NewMessage& message : messages) {
    groups.push_back(message.group_id);
    senders.push_back(message.sender_id);
    members.emplace_back(message.group_id, message.sender_id);
    if (message.client_message_id) {
      client_keys.emplace_back(message.sender_id, *message.client_message_id);
    }
  }
  auto sortUnique = [](auto& values) {
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
  };
  sortUnique(groups);
  sortUnique(senders);
  sortUnique(members);
  sortUnique(client_keys);

  std::vector<std::int64_t> member_groups;
  std::vector<std::int64_t> member_users;
  for (const auto& [group, user] : members) {
    member_groups.push_back(group);
    member_users.push_back(user);
  }
  std::vector<Statement> statements{
      Statement{"BEGIN"},
      Statement{kLockGroups, Params().add(bigintArray(groups))},
      Statement{kSelectMembers,
                Params().add(bigintArray(member_groups)).add(bigintArray(member_users))},
      Statement{kSelectNames, Params().add(bigintArray(senders))},
  };
  if (!client_keys.empty()) {
    std::vector<std::int64_t> client_senders;
    TextArray ids;
    for (const auto& [sender, id] : client_keys) {
      client_senders.push_back(sender);
      ids.add(id);
    }
    statements.push_back(
        Statement{kSelectEarlierCopies,
                  Params().add(bigintArray(client_senders)).add(std::move(ids).finish())});
  }
  auto results = connection.pipeline(statements);
  if (!results) return results.error();

  Snapshot snapshot;
  const QueryResult& locked = (*results)[1];
  for (int row = 0; row < locked.rows(); ++row) {
    snapshot.last_seq.emplace(locked.integer(row, 0), locked.integer(row, 1));
    if (locked.boolean(row, 2)) snapshot.private_groups.insert(locked.integer(row, 0));
  }
  const QueryResult& found = (*results)[2];
  for (int row = 0; row < found.rows(); ++row) {
    snapshot.members.emplace(found.integer(row, 0), found.integer(row, 1));
  }
  const QueryResult& names = (*results)[3];
  for (int row = 0; row < names.rows(); ++row) {
    snapshot.names.emplace(names.integer(row, 0), names.string(row, 1));
  }
  if (results->size() > 4) {
    const QueryResult& copies = (*results)[4];
    for (int row = 0; row < copies.rows(); ++row) {
      const UserId sender = copies.integer(row, 0);
      Message copy;
      copy.id = copies.integer(row, 2);
      copy.group_id = copies.integer(row, 3);
      copy.seq = copies.integer(row, 4);
      copy.sender_id = sender;
      copy.sender_name = snapshot.names[sender];
      copy.text = copies.string(row, 5);
      copy.sent_on = copies.time(row, 6);
      if (!copies.isNull(row, 7)) copy.edited_on = copies.time(row, 7);
      if (!copies.isNull(row, 8)) copy.deleted_on = copies.time(row, 8);
      copy.change_seq = copies.integer(row, 9);
      snapshot.earlier.emplace(ClientKey{sender, copies.string(row, 1)}, std::move(copy));
    }
  }
  return snapshot;
}

// The outcome of every entry as if appended one by one, and the messages to insert.
struct Plan {
  std::vector<std::optional<Result<AppendedMessage>>> outcomes;
  std::vector<std::size_t> stored;  // entries to insert; their outcome is filled after
  std::vector<std::pair<std::size_t, std::size_t>> repeats;  // (entry, stored entry it repeats)
  std::map<GroupId, Seq> new_last_seq;
};

Plan plan(const std::vector<NewMessage>& messages, Snapshot& snapshot) {
  Plan plan;
  plan.outcomes.resize(messages.size());
  std::map<ClientKey, std::size_t> stored_by_client_id;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const NewMessage& message = messages[i];
    auto& outcome = plan.outcomes[i];
    if (message.client_message_id) {
      ClientKey key{message.sender_id, *message.client_message_id};
      if (auto copy = snapshot.earlier.find(key); copy != snapshot.earlier.end()) {
        outcome = AppendedMessage{AppendOutcome::kDuplicate, copy->second};
        continue;
      }
      if (auto first = stored_by_client_id.find(key); first != stored_by_client_id.end()) {
        plan.repeats.emplace_back(i, first->second);
        continue;
      }
    }
    const MemberKey member{message.group_id, message.sender_id};
    auto last_seq = snapshot.last_seq.find(message.group_id);
    if (last_seq == snapshot.last_seq.end()) {
      outcome = AppendedMessage{AppendOutcome::kNoSuchGroup, {}};
      continue;
    }
    if (!snapshot.members.contains(member)) {
      const bool hidden = snapshot.private_groups.contains(message.group_id);
      outcome =
          AppendedMessage{hidden ? AppendOutcome::kNoSuchGroup : AppendOutcome::kNotMember, {}};
      continue;
    }
    const Seq seq = ++last_seq->second;
    plan.new_last_seq[message.group_id] = seq;
    plan.stored.push_back(i);
    Message stored;
    stored.group_id = message.group_id;
    stored.seq = seq;
    stored.sender_id = message.sender_id;
    stored.sender_name = snapshot.names[message.sender_id];
    stored.text = message.text;
    stored.sent_on = message.sent_on;
    outcome = AppendedMessage{AppendOutcome::kStored, std::move(stored)};
    if (message.client_message_id) {
      stored_by_client_id.emplace(ClientKey{message.sender_id, *message.client_message_id}, i);
    }
  }
  return plan;
}

// Phase 2: the inserts, the seqs and COMMIT; fills in the new messages' ids.
Status insertAndCommit(Connection& connection, const std::vector<NewMessage>& messages,
                       Plan& plan) {
  if (plan.stored.empty()) {
    auto committed = connection.query("COMMIT");
    if (!committed) return committed.error();
    return {};
  }
  // Rows with a client id go in (sender, client id) order: two writers that insert the
  // same ids wait for each other in one order, never in a cycle.
  std::vector<std::size_t> order = plan.stored;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const NewMessage& x = messages[a];
    const NewMessage& y = messages[b];
    return std::tie(x.sender_id, x.client_message_id) < std::tie(y.sender_id, y.client_message_id);
  });
  std::vector<std::int64_t> groups, seqs, senders, sent_at;
  TextArray texts, client_ids;
  for (std::size_t i : order) {
    const NewMessage& message = messages[i];
    groups.push_back(message.group_id);
    seqs.push_back(plan.outcomes[i]->value().message.seq);
    senders.push_back(message.sender_id);
    texts.add(message.text);
    sent_at.push_back(message.sent_on.time_since_epoch().count());
    client_ids.add(message.client_message_id);
  }
  std::vector<std::int64_t> touched, last_seqs;
  for (const auto& [group, seq] : plan.new_last_seq) {
    touched.push_back(group);
    last_seqs.push_back(seq);
  }
  const std::array<Statement, 3> statements{
      Statement{kInsertMessages, Params()
                                     .add(bigintArray(groups))
                                     .add(bigintArray(seqs))
                                     .add(bigintArray(senders))
                                     .add(std::move(texts).finish())
                                     .add(bigintArray(sent_at))
                                     .add(std::move(client_ids).finish())},
      Statement{kUpdateLastSeqs, Params().add(bigintArray(touched)).add(bigintArray(last_seqs))},
      Statement{"COMMIT"},
  };
  auto results = connection.pipeline(statements);
  if (!results) return results.error();

  const QueryResult& inserted = (*results)[0];
  std::map<std::pair<GroupId, Seq>, MessageId> ids;
  for (int row = 0; row < inserted.rows(); ++row) {
    ids.emplace(std::pair{inserted.integer(row, 1), inserted.integer(row, 2)},
                inserted.integer(row, 0));
  }
  for (std::size_t i : plan.stored) {
    Message& message = plan.outcomes[i]->value().message;
    auto id = ids.find({message.group_id, message.seq});
    if (id == ids.end()) return Error::internal("an inserted message was not returned");
    message.id = id->second;
  }
  return {};
}

}  // namespace

Result<AppendOutcomes> storeBatch(Connection& connection, const std::vector<NewMessage>& messages) {
  // Text PostgreSQL can not hold fails its own entry, not the batch.
  std::vector<std::size_t> positions;  // of the entries sent, when some are not
  std::vector<NewMessage> subset;
  const bool all_sendable = std::all_of(messages.begin(), messages.end(), sendable);
  if (!all_sendable) {
    for (std::size_t i = 0; i < messages.size(); ++i) {
      if (!sendable(messages[i])) continue;
      subset.push_back(messages[i]);
      positions.push_back(i);
    }
  }
  const std::vector<NewMessage>& batch = all_sendable ? messages : subset;
  if (batch.empty()) {
    return AppendOutcomes(messages.size(), Error::invalid("Text must not contain NUL characters"));
  }

  auto snapshot = lockAndRead(connection, batch);
  if (!snapshot) return snapshot.error();
  Plan planned = plan(batch, *snapshot);
  if (auto stored = insertAndCommit(connection, batch, planned); !stored) return stored.error();
  for (const auto& [entry, first] : planned.repeats) {
    planned.outcomes[entry] =
        AppendedMessage{AppendOutcome::kDuplicate, planned.outcomes[first]->value().message};
  }
  AppendOutcomes outcomes;
  if (all_sendable) {
    outcomes.reserve(batch.size());
    for (auto& outcome : planned.outcomes) outcomes.push_back(std::move(*outcome));
    return outcomes;
  }
  outcomes.assign(messages.size(), Error::invalid("Text must not contain NUL characters"));
  for (std::size_t i = 0; i < positions.size(); ++i) {
    outcomes[positions[i]] = std::move(*planned.outcomes[i]);
  }
  return outcomes;
}

bool retryable(const Failure& failure) {
  return (failure.sqlstate == "23505" && failure.constraint == "messages_by_client_id") ||
         failure.sqlstate == "40P01" || failure.sqlstate == "40001";
}

}  // namespace chat::postgres
