#include "adapters/storage/postgres/postgres_messages.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>

#include "adapters/storage/postgres/postgres_append_batch.hpp"

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
        forward ? "SELECT m.id, m.group_id, m.seq, m.sender_id, u.user_name, m.text, m.sent_at "
                  "FROM messages AS m JOIN users AS u ON u.id = m.sender_id "
                  "WHERE m.group_id = $1 AND m.seq < $2 AND m.seq > $3 "
                  "ORDER BY m.seq ASC LIMIT $4"
                : "SELECT m.id, m.group_id, m.seq, m.sender_id, u.user_name, m.text, m.sent_at "
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
    for (int row = 0; row < rows->rows(); ++row) {
      messages.push_back(Message{rows->integer(row, 0), rows->integer(row, 1),
                                 rows->integer(row, 2), rows->integer(row, 3), rows->string(row, 4),
                                 rows->string(row, 5), rows->time(row, 6)});
    }
    if (!forward) std::reverse(messages.begin(), messages.end());
    return messages;
  });
}

}  // namespace chat::postgres
