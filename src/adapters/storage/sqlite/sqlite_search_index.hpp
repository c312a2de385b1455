#pragma once
// The full-text index of messages (the FTS5 table message_search), kept apart from the
// append path: a message is indexed by the committer when no append waits
// (MessageCommitQueue's idle work), a chunk at a time, so that indexing never slows an
// acknowledgement. message_search_progress holds the largest id indexed; edits and
// deletions of indexed messages update the index by trigger (schema migration 11).
//
// Thread-safe: indexSome() runs on the committer; awaitIndexed() on any reader.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>

#include "adapters/storage/sqlite/sqlite_database.hpp"
#include "domain/ids.hpp"

namespace chat::sqlite {

class SearchIndex {
 public:
  static constexpr int kChunk = 1024;  // messages per indexing transaction, at most
  static constexpr std::int64_t kChunkCharacters = 256 * 1024;  // and about this much text

  explicit SearchIndex(Database& database) : database_(database) {}

  // The newest message id when some messages are not indexed yet, else nullopt.
  Result<std::optional<MessageId>> unindexedUpTo();
  // Indexes up to kChunk messages (kChunkCharacters of text) not yet indexed, in one write
  // transaction. Answers whether more may be left.
  Result<bool> indexSome();
  // Indexes every message not yet indexed (for tests and benchmarks).
  Status catchUp();
  // How many indexing passes have committed; awaitIndexed waits for a later one.
  std::uint64_t passes() {
    std::lock_guard lock(mutex_);
    return passes_;
  }
  // Waits until a pass after `passes` (see passes()) has indexed every message up to `id`,
  // or `patience` has passed. A later pass, because a group's removal may have lowered the
  // progress below what an earlier pass reported.
  void awaitIndexed(MessageId id, std::uint64_t passes, std::chrono::milliseconds patience);

 private:
  Database& database_;
  std::mutex mutex_;
  std::condition_variable indexed_;
  MessageId indexed_up_to_ = 0;  // as the latest pass committed it; under mutex_
  std::uint64_t passes_ = 0;     // under mutex_
};

}  // namespace chat::sqlite
