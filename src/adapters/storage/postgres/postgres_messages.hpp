#pragma once
// Messages repository on PostgreSQL. Appends go through commit queues, each with one
// committer thread that owns a dedicated connection and stores each burst with one
// transaction (postgres_append_batch.hpp). A group's messages always go through the same
// queue (by group id), so they are stored in the order they were appended; with two or
// more queues the server works on batches of different groups at once, as it does for
// several nodes. History pages borrow pooled connections.
// Thread-safe: append() never blocks; page() may be called from any thread.
#include <memory>
#include <mutex>
#include <vector>

#include "adapters/storage/common/message_commit_queue.hpp"
#include "adapters/storage/postgres/postgres_pool.hpp"
#include "app/ports/messages.hpp"

namespace chat::postgres {

class MessageRepository final : public Messages {
 public:
  // `writers` committers (at least one), each with its own connection.
  MessageRepository(Pool& pool, const ConnectionSettings& settings, int writers = 2,
                    MessageCommitQueue::Options commits = {});

  void append(NewMessage message, Appended done) override;
  Result<std::vector<Message>> page(const HistoryQuery& query) override;
  Result<ChangedMessage> change(const MessageChangeRequest& request,
                                const ChangeJudge& judge) override;
  Result<std::vector<TimelineEntry>> changesAfter(GroupId group, Seq after, int limit) override;
  Result<std::vector<Message>> search(const MessageSearch& search) override;
  // One transaction for many messages (see MessageCommitQueue::StoreBatch), on the first
  // writer's connection; for tests and benchmarks.
  std::vector<Result<AppendedMessage>> appendBatch(const std::vector<NewMessage>& messages);
  // Stores what was accepted, then refuses further appends.
  void stop();

 private:
  struct Writer {
    explicit Writer(const ConnectionSettings& settings) : connection(settings) {}
    std::mutex mutex;  // uncontended but for direct appendBatch callers
    Connection connection;
  };
  std::vector<Result<AppendedMessage>> store(Writer& writer,
                                             const std::vector<NewMessage>& messages);

  Pool& pool_;
  std::vector<std::unique_ptr<Writer>> writers_;
  // Last: their threads stop before the writers go. commits_[i] stores on writers_[i].
  std::vector<std::unique_ptr<MessageCommitQueue>> commits_;
};

}  // namespace chat::postgres
