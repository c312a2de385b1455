#pragma once
// Messages repository on SQLite. Holds a reference to the Database it does not own.
// Thread-safe (all access goes through Database::read/write). Appends are grouped by a
// commit queue into one write transaction per burst, so each group's seq is gap-free and
// unique under concurrent senders, and a burst costs one disk sync. The committer keeps the
// search index up when no append waits (SearchIndex).
#include "adapters/storage/common/message_commit_queue.hpp"
#include "adapters/storage/sqlite/sqlite_database.hpp"
#include "adapters/storage/sqlite/sqlite_search_index.hpp"
#include "app/ports/messages.hpp"

namespace chat::sqlite {

class MessageRepository final : public Messages {
 public:
  explicit MessageRepository(Database& database, MessageCommitQueue::Options commits = {});

  void append(NewMessage message, Appended done) override;
  Result<std::vector<Message>> page(const HistoryQuery& query) override;
  Result<ChangedMessage> change(const MessageChangeRequest& request,
                                const ChangeJudge& judge) override;
  Result<std::vector<TimelineEntry>> changesAfter(GroupId group, Seq after, int limit) override;
  Result<std::vector<Message>> search(const MessageSearch& search) override;
  // One transaction for many messages (see MessageCommitQueue::StoreBatch); what the
  // commit queue calls, and tests and benchmarks directly.
  std::vector<Result<AppendedMessage>> appendBatch(const std::vector<NewMessage>& messages);
  // Stores what was accepted, then refuses further appends.
  void stop() { commits_.stop(); }
  // Indexes for search every message not yet indexed (for tests and benchmarks).
  Status catchUpSearchIndex() { return search_index_.catchUp(); }

 private:
  bool indexForSearch();  // the committer's idle work

  Database& database_;
  SearchIndex search_index_;
  MessageCommitQueue commits_;  // last: its thread stops before the rest goes
};

}  // namespace chat::sqlite
