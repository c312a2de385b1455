#pragma once
// Messages repository on PostgreSQL. Appends go through a commit queue whose one
// committer thread owns a dedicated connection and stores each burst with one
// transaction (postgres_append_batch.hpp); history pages borrow pooled connections.
// Thread-safe: append() never blocks; page() may be called from any thread.
#include <memory>
#include <mutex>

#include "adapters/storage/common/message_commit_queue.hpp"
#include "adapters/storage/postgres/postgres_pool.hpp"
#include "app/ports/messages.hpp"

namespace chat::postgres {

class MessageRepository final : public Messages {
 public:
  MessageRepository(Pool& pool, const ConnectionSettings& settings,
                    MessageCommitQueue::Options commits = {});

  void append(NewMessage message, Appended done) override;
  Result<std::vector<Message>> page(const HistoryQuery& query) override;
  // One transaction for many messages (see MessageCommitQueue::StoreBatch); what the
  // commit queue calls, and tests and benchmarks directly.
  std::vector<Result<AppendedMessage>> appendBatch(const std::vector<NewMessage>& messages);
  // Stores what was accepted, then refuses further appends.
  void stop() { commits_.stop(); }

 private:
  Pool& pool_;
  std::mutex writer_mutex_;  // uncontended but for direct appendBatch callers
  Connection writer_;
  MessageCommitQueue commits_;  // last: its thread stops before the rest goes
};

}  // namespace chat::postgres
