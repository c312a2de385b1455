#include "adapters/storage/sqlite/sqlite_messages.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>
#include <map>
#include <unordered_map>

#include "adapters/storage/sqlite/sqlite_groups.hpp"

namespace chat::sqlite {
namespace {

// What a message is read as (readMessage): these columns of `messages AS m JOIN users AS u`.
// A macro so that each statement stays one literal.
#define CHAT_MESSAGE_COLUMNS                                                            \
  "m.id, m.group_id, m.seq, m.sender_id, u.user_name, m.text, m.sent_at, m.edited_at, " \
  "m.deleted_at, m.change_seq "

std::optional<Timestamp> optionalTime(const Statement& row, int column) {
  if (row.columnIsNull(column)) return std::nullopt;
  return row.columnTime(column);
}

Message readMessage(const Statement& row) {
  return Message{row.columnInt(0),     row.columnInt(1),  row.columnInt(2),  row.columnInt(3),
                 row.columnText(4),    row.columnText(5), row.columnTime(6), optionalTime(row, 7),
                 optionalTime(row, 8), row.columnInt(9)};
}

// The message stored earlier under the same (sender, client id), if any. Earlier entries
// of the running batch are visible too, so a repeat inside one batch finds the first.
Result<std::optional<Message>> findByClientId(Connection& connection, UserId sender,
                                              const std::string& client_message_id) {
  auto select = connection.prepare("SELECT " CHAT_MESSAGE_COLUMNS
                                   "FROM messages AS m JOIN users AS u ON u.id = m.sender_id "
                                   "WHERE m.sender_id = ? AND m.client_message_id = ?");
  if (!select) return select.error();
  auto row = select->bindInt(1, sender).bindText(2, client_message_id).step();
  if (!row) return row.error();
  if (!*row) return std::optional<Message>();
  return std::optional<Message>(readMessage(*select));
}

// The sender's user name when the sender is a member of the group, else nullopt.
Result<std::optional<std::string>> memberName(Connection& connection, GroupId group,
                                              UserId sender) {
  auto select = connection.prepare(
      "SELECT u.user_name FROM group_members AS gm JOIN users AS u ON u.id = gm.user_id "
      "WHERE gm.group_id = ? AND gm.user_id = ?");
  if (!select) return select.error();
  auto row = select->bindInt(1, group).bindInt(2, sender).step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(select->columnText(0));
}

// Whether the group exists for someone not in it: a private one does not.
Result<bool> groupExists(Connection& connection, GroupId group) {
  auto select = connection.prepare("SELECT 1 FROM groups WHERE id = ? AND is_private = 0");
  if (!select) return select.error();
  auto row = select->bindInt(1, group).step();
  if (!row) return row.error();
  return *row;
}

// What one batch has learned, so that each message costs one insert: memberships looked
// up once per (group, sender), and each group's seq counted in memory and written back
// once. Valid only inside the batch's write transaction, which no other writer can enter.
class BatchState {
 public:
  explicit BatchState(Connection& connection) : connection_(connection) {}

  // The sender's user name when a member, else nullopt.
  Result<std::optional<std::string>> memberName(GroupId group, UserId sender) {
    const auto key = std::make_pair(group, sender);
    if (auto it = members_.find(key); it != members_.end()) return it->second;
    auto name = ::chat::sqlite::memberName(connection_, group, sender);
    if (name) members_.emplace(key, *name);
    return name;
  }

  Result<Seq> takeNextSeq(GroupId group) {
    auto it = last_seq_.find(group);
    if (it == last_seq_.end()) {
      auto select = connection_.prepare("SELECT last_seq FROM groups WHERE id = ?");
      if (!select) return select.error();
      auto row = select->bindInt(1, group).step();
      if (!row) return row.error();
      // Membership was checked in this transaction, so the group exists.
      if (!*row) return Error::internal("group vanished while appending a message");
      it = last_seq_.emplace(group, select->columnInt(0)).first;
    }
    return ++it->second;
  }

  // Writes every group's new last seq; call once before the transaction commits.
  Status saveSeqs() {
    for (const auto& [group, last_seq] : last_seq_) {
      auto update = connection_.prepare("UPDATE groups SET last_seq = ? WHERE id = ?");
      if (!update) return update.error();
      if (auto done = update->bindInt(1, last_seq).bindInt(2, group).run(); !done) return done;
    }
    return {};
  }

 private:
  Connection& connection_;
  std::map<std::pair<GroupId, UserId>, std::optional<std::string>> members_;
  std::unordered_map<GroupId, Seq> last_seq_;
};

// A plain INSERT and the connection's last rowid: `RETURNING` would make SQLite build and
// drop a temporary table on every execution, a quarter of a batch's time.
Result<MessageId> insertMessage(Connection& connection, const NewMessage& message, Seq seq) {
  auto insert = connection.prepare(
      "INSERT INTO messages (group_id, seq, sender_id, text, sent_at, client_message_id) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  if (!insert) return insert.error();
  auto done = insert->bindInt(1, message.group_id)
                  .bindInt(2, seq)
                  .bindInt(3, message.sender_id)
                  .bindText(4, message.text)
                  .bindTime(5, message.sent_on)
                  .bindOptionalText(6, message.client_message_id)
                  .run();
  if (!done) return done.error();
  return connection.lastInsertRowid();
}

// One entry of a batch. The outer Result is a database failure, which ends the whole
// transaction; the inner one is this entry's own outcome.
Result<Result<AppendedMessage>> appendOne(Connection& connection, BatchState& batch,
                                          const NewMessage& message) {
  if (message.client_message_id) {
    auto earlier = findByClientId(connection, message.sender_id, *message.client_message_id);
    if (!earlier) return earlier.error();
    if (*earlier) {
      return Result<AppendedMessage>(
          AppendedMessage{AppendOutcome::kDuplicate, std::move(**earlier)});
    }
  }
  auto sender_name = batch.memberName(message.group_id, message.sender_id);
  if (!sender_name) return sender_name.error();
  if (!*sender_name) {
    auto exists = groupExists(connection, message.group_id);
    if (!exists) return exists.error();
    return Result<AppendedMessage>(AppendedMessage{
        *exists ? AppendOutcome::kNotMember : AppendOutcome::kNoSuchGroup, Message{}});
  }

  auto seq = batch.takeNextSeq(message.group_id);
  if (!seq) return seq.error();
  auto id = insertMessage(connection, message, *seq);
  if (!id) return id.error();
  Message stored;
  stored.id = *id;
  stored.group_id = message.group_id;
  stored.seq = *seq;
  stored.sender_id = message.sender_id;
  stored.sender_name = std::move(**sender_name);
  stored.text = message.text;
  stored.sent_on = message.sent_on;
  return Result<AppendedMessage>(AppendedMessage{AppendOutcome::kStored, std::move(stored)});
}

Result<std::optional<Message>> findById(Connection& connection, MessageId id) {
  auto select = connection.prepare("SELECT " CHAT_MESSAGE_COLUMNS
                                   "FROM messages AS m JOIN users AS u ON u.id = m.sender_id "
                                   "WHERE m.id = ?");
  if (!select) return select.error();
  auto row = select->bindInt(1, id).step();
  if (!row) return row.error();
  if (!*row) return std::optional<Message>();
  return std::optional<Message>(readMessage(*select));
}

// Stores `changed` (the message after the change) with its change seq, and the change.
Status storeChange(Connection& connection, const Message& changed, MessageChangeKind kind) {
  const bool deletion = kind == MessageChangeKind::kDelete;
  auto take_seq = connection.prepare("UPDATE groups SET last_seq = ? WHERE id = ?");
  if (!take_seq) return take_seq.error();
  if (auto done = take_seq->bindInt(1, changed.change_seq).bindInt(2, changed.group_id).run();
      !done) {
    return done;
  }
  auto update = connection.prepare(
      "UPDATE messages SET text = ?, edited_at = ?, deleted_at = ?, change_seq = ? WHERE id = ?");
  if (!update) return update.error();
  update->bindText(1, changed.text);
  if (changed.edited_on) update->bindTime(2, *changed.edited_on);
  if (changed.deleted_on) update->bindTime(3, *changed.deleted_on);
  if (auto done = update->bindInt(4, changed.change_seq).bindInt(5, changed.id).run(); !done) {
    return done;
  }
  if (deletion) {
    // What the message said is gone, from its earlier edits too.
    auto forget = connection.prepare("UPDATE message_changes SET text = '' WHERE message_id = ?");
    if (!forget) return forget.error();
    if (auto done = forget->bindInt(1, changed.id).run(); !done) return done;
  }
  auto insert = connection.prepare(
      "INSERT INTO message_changes (group_id, seq, message_id, message_seq, kind, text, "
      "changed_at, ordinal) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1 + coalesce((SELECT ordinal "
      "FROM message_changes WHERE group_id = ?1 ORDER BY seq DESC LIMIT 1), 0))");
  if (!insert) return insert.error();
  return insert->bindInt(1, changed.group_id)
      .bindInt(2, changed.change_seq)
      .bindInt(3, changed.id)
      .bindInt(4, changed.seq)
      .bindInt(5, deletion ? 2 : 1)
      .bindText(6, changed.text)
      .bindTime(7, deletion ? *changed.deleted_on : *changed.edited_on)
      .run();
}

Result<Seq> lastSeq(Connection& connection, GroupId group) {
  auto select = connection.prepare("SELECT last_seq FROM groups WHERE id = ?");
  if (!select) return select.error();
  auto row = select->bindInt(1, group).step();
  if (!row) return row.error();
  if (!*row) return Error::internal("the group of a message vanished");
  return select->columnInt(0);
}

// How long a search waits for the index to take in the messages stored before it.
constexpr std::chrono::milliseconds kIndexPatience{250};

// An FTS5 query that reads no operators: each word a quoted string (its quotes doubled),
// which the tokenizer splits as it split the texts; the strings side by side must all match.
std::string ftsQuery(const std::vector<std::string>& words) {
  std::string query;
  for (const std::string& word : words) {
    if (!query.empty()) query += ' ';
    query += '"';
    for (const char c : word) {
      if (c == '"') query += '"';
      query += c;
    }
    query += '"';
  }
  return query;
}

}  // namespace

MessageRepository::MessageRepository(Database& database, MessageCommitQueue::Options commits)
    : database_(database),
      search_index_(database),
      commits_([this](const std::vector<NewMessage>& batch) { return appendBatch(batch); }, commits,
               [this] { return indexForSearch(); }) {}

bool MessageRepository::indexForSearch() {
  auto more = search_index_.indexSome();
  if (!more) {
    spdlog::warn("indexing messages for search failed: {}", more.error().message);
    return false;  // tried again after the next batch
  }
  return *more;
}

void MessageRepository::append(NewMessage message, Appended done) {
  commits_.submit(std::move(message), std::move(done));
}

std::vector<Result<AppendedMessage>> MessageRepository::appendBatch(
    const std::vector<NewMessage>& messages) {
  if (messages.empty()) return {};
  using Outcomes = std::vector<Result<AppendedMessage>>;
  auto stored = database_.write([&](Connection& connection) -> Result<Outcomes> {
    Outcomes outcomes;
    outcomes.reserve(messages.size());
    BatchState batch(connection);
    for (const NewMessage& message : messages) {
      auto outcome = appendOne(connection, batch, message);
      if (!outcome) return outcome.error();
      outcomes.push_back(std::move(outcome).value());
    }
    if (auto saved = batch.saveSeqs(); !saved) return saved.error();
    return outcomes;
  });
  if (stored) return std::move(stored).value();
  // Rolled back: nothing was stored, so every entry fails with the same error.
  return Outcomes(messages.size(), stored.error());
}

Result<std::vector<Message>> MessageRepository::page(const HistoryQuery& query) {
  if (query.limit <= 0) return std::vector<Message>();
  // With only `after` the page walks forward from it (oldest first); otherwise it is the
  // newest messages below `before`, read newest first and then reversed.
  const bool forward = query.after && !query.before;
  return database_.read([&](Connection& connection) -> Result<std::vector<Message>> {
    auto select = connection.prepare(
        forward ? "SELECT " CHAT_MESSAGE_COLUMNS
                  "FROM messages AS m JOIN users AS u ON u.id = m.sender_id "
                  "WHERE m.group_id = ? AND m.seq < ? AND m.seq > ? ORDER BY m.seq ASC LIMIT ?"
                : "SELECT " CHAT_MESSAGE_COLUMNS
                  "FROM messages AS m JOIN users AS u ON u.id = m.sender_id "
                  "WHERE m.group_id = ? AND m.seq < ? AND m.seq > ? ORDER BY m.seq DESC LIMIT ?");
    if (!select) return select.error();
    select->bindInt(1, query.group_id)
        .bindInt(2, query.before.value_or(std::numeric_limits<Seq>::max()))
        .bindInt(3, query.after.value_or(std::numeric_limits<Seq>::min()))
        .bindInt(4, query.limit);
    std::vector<Message> messages;
    for (;;) {
      auto row = select->step();
      if (!row) return row.error();
      if (!*row) break;
      messages.push_back(readMessage(*select));
    }
    if (!forward) std::reverse(messages.begin(), messages.end());
    return messages;
  });
}

Result<ChangedMessage> MessageRepository::change(const MessageChangeRequest& request,
                                                 const ChangeJudge& judge) {
  return database_.write([&](Connection& connection) -> Result<ChangedMessage> {
    auto found = findById(connection, request.message_id);
    if (!found) return found.error();
    if (!*found) return ChangedMessage{ChangeOutcome::kNoSuchMessage, Message{}};
    Message& message = **found;
    auto role = roleIn(connection, message.group_id, request.by);
    if (!role) return role.error();
    auto verdict = judge(message, *role);
    if (!verdict) return verdict.error();
    if (*verdict == ChangeVerdict::kNothingToDo) {
      return ChangedMessage{ChangeOutcome::kUnchanged, std::move(message)};
    }
    // The write lock is held: no batch of appends is between reading and writing last_seq.
    auto last_seq = lastSeq(connection, message.group_id);
    if (!last_seq) return last_seq.error();
    Message changed = applyChange(std::move(message), request, *last_seq + 1);
    if (auto stored = storeChange(connection, changed, request.kind); !stored) {
      return stored.error();
    }
    return ChangedMessage{ChangeOutcome::kChanged, std::move(changed)};
  });
}

Result<std::vector<TimelineEntry>> MessageRepository::changesAfter(GroupId group, Seq after,
                                                                   int limit) {
  if (limit <= 0) return std::vector<TimelineEntry>();
  return database_.read([&](Connection& connection) -> Result<std::vector<TimelineEntry>> {
    auto select = connection.prepare(
        "SELECT " CHAT_MESSAGE_COLUMNS
        ", c.seq, c.kind, c.text, c.changed_at FROM message_changes AS c "
        "JOIN messages AS m ON m.id = c.message_id JOIN users AS u ON u.id = m.sender_id "
        "WHERE c.group_id = ? AND c.seq > ? ORDER BY c.seq ASC LIMIT ?");
    if (!select) return select.error();
    select->bindInt(1, group).bindInt(2, after).bindInt(3, limit);
    std::vector<TimelineEntry> changes;
    for (;;) {
      auto row = select->step();
      if (!row) return row.error();
      if (!*row) return changes;
      changes.push_back(changeEntry(
          readMessage(*select), select->columnInt(10),
          select->columnInt(11) == 2 ? MessageChangeKind::kDelete : MessageChangeKind::kEdit,
          select->columnText(12), select->columnTime(13)));
    }
  });
}

// The index is walked newest first and each match is kept when its group is one of the
// reader's, until the page is full. It waits a moment for the committer to index what is
// stored, so that a message is found once its sender has heard it is stored; under a peak
// that leaves the committer no idle time, the newest messages may be missing.
Result<std::vector<Message>> MessageRepository::search(const MessageSearch& search) {
  if (search.limit <= 0 || search.words.empty()) return std::vector<Message>();
  const std::uint64_t passes = search_index_.passes();
  auto unindexed = search_index_.unindexedUpTo();
  if (!unindexed) return unindexed.error();
  if (*unindexed) {
    commits_.wakeIdleWork();
    search_index_.awaitIndexed(**unindexed, passes, kIndexPatience);
  }
  const std::string query = ftsQuery(search.words);
  return database_.read([&](Connection& connection) -> Result<std::vector<Message>> {
    auto select = connection.prepare(
        "SELECT " CHAT_MESSAGE_COLUMNS
        "FROM message_search AS s JOIN messages AS m ON m.id = s.rowid "
        "JOIN users AS u ON u.id = m.sender_id "
        "WHERE message_search MATCH ?1 AND s.rowid < ?2 AND m.deleted_at IS NULL "
        "AND (?3 = 0 OR m.group_id = ?3) "
        "AND m.group_id IN (SELECT group_id FROM group_members WHERE user_id = ?4) "
        "ORDER BY s.rowid DESC LIMIT ?5");
    if (!select) return select.error();
    select->bindText(1, query)
        .bindInt(2, search.before.value_or(std::numeric_limits<MessageId>::max()))
        .bindInt(3, search.group.value_or(0))
        .bindInt(4, search.reader)
        .bindInt(5, search.limit);
    std::vector<Message> messages;
    for (;;) {
      auto row = select->step();
      if (!row) return row.error();
      if (!*row) return messages;
      messages.push_back(readMessage(*select));
    }
  });
}

}  // namespace chat::sqlite
#undef CHAT_MESSAGE_COLUMNS
