#include "adapters/storage/postgres/postgres_messages.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>

#include "adapters/storage/common/member_role_sql.hpp"
#include "adapters/storage/postgres/postgres_append_batch.hpp"
#include "adapters/storage/postgres/postgres_message_row.hpp"

namespace chat::postgres {
namespace {

// A batch that lost a race for a client id runs again at once; more than a few losses in
// a row would mean something else is wrong.
constexpr int kAttempts = 4;

}  // namespace

MessageRepository::MessageRepository(Pool& pool, const ConnectionSettings& settings, int writers,
                                     MessageCommitQueue::Options commits)
    : pool_(pool) {
  for (int i = 0; i < std::max(writers, 1); ++i) {
    writers_.push_back(std::make_unique<Writer>(settings));
    Writer* writer = writers_.back().get();
    commits_.push_back(std::make_unique<MessageCommitQueue>(
        [this, writer](const std::vector<NewMessage>& batch) { return store(*writer, batch); },
        commits));
  }
}

void MessageRepository::append(NewMessage message, Appended done) {
  const auto queue = static_cast<std::size_t>(message.group_id) % commits_.size();
  commits_[queue]->submit(std::move(message), std::move(done));
}

void MessageRepository::stop() {
  for (auto& queue : commits_) queue->stop();
}

std::vector<Result<AppendedMessage>> MessageRepository::appendBatch(
    const std::vector<NewMessage>& messages) {
  return store(*writers_.front(), messages);
}

std::vector<Result<AppendedMessage>> MessageRepository::store(
    Writer& writer, const std::vector<NewMessage>& messages) {
  if (messages.empty()) return {};
  std::lock_guard lock(writer.mutex);
  Connection& connection = writer.connection;
  Error error = Error::internal("no attempt to store the batch");
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (auto connected = connection.ensureConnected(); !connected) {
      error = connected.error();
      break;
    }
    std::optional<Result<AppendOutcomes>> stored;
    try {
      stored.emplace(storeBatch(connection, messages));
    } catch (...) {
      // Errors are values: nothing thrown (std::bad_alloc) may leave the engine.
      stored.emplace(Error::internal("unexpected failure while storing messages"));
    }
    // Acknowledged means committed: outcomes only come back after COMMIT succeeded.
    if (stored->ok()) return std::move(*stored).value();
    error = stored->error();
    connection.rollbackIfOpen();
    if (!retryable(connection.lastFailure())) break;
    spdlog::debug("PostgreSQL: storing {} messages again after {}", messages.size(), error.detail);
  }
  // Rolled back: nothing was stored, so every entry fails with the same error.
  return std::vector<Result<AppendedMessage>>(messages.size(), error);
}

Result<std::vector<Message>> MessageRepository::page(const HistoryQuery& query) {
  if (query.limit <= 0) return std::vector<Message>();
  // With only `after` the page walks forward from it (oldest first); otherwise it is the
  // newest messages below `before`, read newest first and then reversed.
  const bool forward = query.after && !query.before;
  return pool_.run([&](Connection& connection) -> Result<std::vector<Message>> {
    auto rows = connection.query(
        forward ? "SELECT m.id, m.group_id, m.seq, m.sender_id, u.user_name, m.text, m.sent_at, "
                  "m.edited_at, m.deleted_at, m.change_seq "
                  "FROM messages AS m JOIN users AS u ON u.id = m.sender_id "
                  "WHERE m.group_id = $1 AND m.seq < $2 AND m.seq > $3 "
                  "ORDER BY m.seq ASC LIMIT $4"
                : "SELECT m.id, m.group_id, m.seq, m.sender_id, u.user_name, m.text, m.sent_at, "
                  "m.edited_at, m.deleted_at, m.change_seq "
                  "FROM messages AS m JOIN users AS u ON u.id = m.sender_id "
                  "WHERE m.group_id = $1 AND m.seq < $2 AND m.seq > $3 "
                  "ORDER BY m.seq DESC LIMIT $4",
        Params()
            .add(query.group_id)
            .add(query.before.value_or(std::numeric_limits<Seq>::max()))
            .add(query.after.value_or(std::numeric_limits<Seq>::min()))
            .add(std::int64_t{query.limit}));
    if (!rows) return rows.error();
    std::vector<Message> messages;
    messages.reserve(static_cast<std::size_t>(rows->rows()));
    for (int row = 0; row < rows->rows(); ++row) messages.push_back(messageAt(*rows, row));
    if (!forward) std::reverse(messages.begin(), messages.end());
    return messages;
  });
}

Result<ChangedMessage> MessageRepository::change(const MessageChangeRequest& request,
                                                 const ChangeJudge& judge) {
  return pool_.run([&](Connection& connection) -> Result<ChangedMessage> {
    if (auto begun = connection.query("BEGIN"); !begun) return begun.error();
    // The message's row lock orders changes of one message; the group's (below) orders
    // the change among the group's appends, which lock it too.
    static const std::string sql =
        "SELECT m.id, m.group_id, m.seq, m.sender_id, u.user_name, m.text, m.sent_at, "
        "m.edited_at, m.deleted_at, m.change_seq, "
        "(SELECT " +
        storage::memberRoleSql("g", "gm") +
        " FROM group_members AS gm JOIN groups AS g ON g.id = gm.group_id "
        "  WHERE gm.group_id = m.group_id AND gm.user_id = $2) "
        "FROM messages AS m JOIN users AS u ON u.id = m.sender_id WHERE m.id = $1 "
        "FOR UPDATE OF m";
    auto found = connection.query(sql.c_str(), Params().add(request.message_id).add(request.by));
    if (!found) return found.error();
    if (found->rows() == 0) return ChangedMessage{ChangeOutcome::kNoSuchMessage, Message{}};
    Message message = messageAt(*found, 0);
    std::optional<GroupRole> role;
    if (!found->isNull(0, 10)) {
      role = storage::memberRoleFrom(found->integer(0, 10));
    }
    auto verdict = judge(message, role);
    if (!verdict) return verdict.error();
    if (*verdict == ChangeVerdict::kNothingToDo) {
      return ChangedMessage{ChangeOutcome::kUnchanged, std::move(message)};
    }
    auto seq = connection.query(
        "UPDATE groups SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq",
        Params().add(message.group_id));
    if (!seq) return seq.error();
    if (seq->rows() == 0) return Error::internal("the group of a message vanished");
    const bool deletion = request.kind == MessageChangeKind::kDelete;
    Message changed = applyChange(std::move(message), request, seq->integer(0, 0));
    const Timestamp at = deletion ? *changed.deleted_on : *changed.edited_on;
    Params update;
    update.add(changed.id).add(changed.text);
    changed.edited_on ? update.add(*changed.edited_on) : update.addNull();
    changed.deleted_on ? update.add(*changed.deleted_on) : update.addNull();
    update.add(changed.change_seq);
    std::vector<Statement> store;
    store.push_back(
        {"UPDATE messages SET text = $2, edited_at = $3, deleted_at = $4, "
         "change_seq = $5 WHERE id = $1",
         std::move(update)});
    if (deletion) {
      // What the message said is gone, from its earlier edits too.
      store.push_back(
          {"UPDATE message_changes SET text = '' WHERE message_id = $1", Params().add(changed.id)});
    }
    store.push_back(
        {"INSERT INTO message_changes (group_id, seq, message_id, message_seq, kind, text, "
         "changed_at, ordinal) VALUES ($1, $2, $3, $4, $5, $6, $7, 1 + coalesce((SELECT "
         "ordinal FROM message_changes WHERE group_id = $1 ORDER BY seq DESC LIMIT 1), 0))",
         Params()
             .add(changed.group_id)
             .add(changed.change_seq)
             .add(changed.id)
             .add(changed.seq)
             .add(std::int64_t{deletion ? 2 : 1})
             .add(changed.text)
             .add(at)});
    store.push_back({"COMMIT"});
    if (auto stored = connection.pipeline(store); !stored) return stored.error();
    return ChangedMessage{ChangeOutcome::kChanged, std::move(changed)};
  });
}

Result<std::vector<TimelineEntry>> MessageRepository::changesAfter(GroupId group, Seq after,
                                                                   int limit) {
  if (limit <= 0) return std::vector<TimelineEntry>();
  return pool_.run([&](Connection& connection) -> Result<std::vector<TimelineEntry>> {
    auto rows = connection.query(
        "SELECT m.id, m.group_id, m.seq, m.sender_id, u.user_name, m.text, m.sent_at, "
        "m.edited_at, m.deleted_at, m.change_seq, c.seq, c.kind, c.text, c.changed_at "
        "FROM message_changes AS c JOIN messages AS m ON m.id = c.message_id "
        "JOIN users AS u ON u.id = m.sender_id "
        "WHERE c.group_id = $1 AND c.seq > $2 ORDER BY c.seq ASC LIMIT $3",
        Params().add(group).add(after).add(std::int64_t{limit}));
    if (!rows) return rows.error();
    std::vector<TimelineEntry> changes;
    changes.reserve(static_cast<std::size_t>(rows->rows()));
    for (int row = 0; row < rows->rows(); ++row) {
      changes.push_back(changeEntry(
          messageAt(*rows, row), rows->integer(row, 10),
          rows->integer(row, 11) == 2 ? MessageChangeKind::kDelete : MessageChangeKind::kEdit,
          rows->string(row, 12), rows->time(row, 13)));
    }
    return changes;
  });
}

// The words joined go to plainto_tsquery, which reads no operators: each word's lexemes must
// all be in the message's search_vector (the 'simple' configuration: no stemming, no stop
// words). The GIN index finds the matches; the newest `limit` of the reader's are kept.
Result<std::vector<Message>> MessageRepository::search(const MessageSearch& search) {
  if (search.limit <= 0 || search.words.empty()) return std::vector<Message>();
  std::string words;
  for (const std::string& word : search.words) {
    if (!words.empty()) words += ' ';
    words += word;
  }
  return pool_.run([&](Connection& connection) -> Result<std::vector<Message>> {
    auto rows = connection.query(
        "SELECT m.id, m.group_id, m.seq, m.sender_id, u.user_name, m.text, m.sent_at, "
        "m.edited_at, m.deleted_at, m.change_seq "
        "FROM messages AS m JOIN users AS u ON u.id = m.sender_id "
        "WHERE m.search_vector @@ plainto_tsquery('simple', $1) AND m.deleted_at IS NULL "
        "AND m.id < $2 AND ($3::bigint = 0 OR m.group_id = $3::bigint) "
        "AND m.group_id IN (SELECT group_id FROM group_members WHERE user_id = $4) "
        "ORDER BY m.id DESC LIMIT $5",
        Params()
            .add(std::move(words))
            .add(search.before.value_or(std::numeric_limits<MessageId>::max()))
            .add(search.group.value_or(0))
            .add(search.reader)
            .add(std::int64_t{search.limit}));
    if (!rows) return rows.error();
    std::vector<Message> messages;
    messages.reserve(static_cast<std::size_t>(rows->rows()));
    for (int row = 0; row < rows->rows(); ++row) messages.push_back(messageAt(*rows, row));
    return messages;
  });
}

}  // namespace chat::postgres
