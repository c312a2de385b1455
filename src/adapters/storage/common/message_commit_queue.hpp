#pragma once
// Group commit for appended messages, for an engine to use behind Messages::append (as
// LevelDB's writers join one write group). Any thread may submit; one committer thread
// stores what has accumulated with one call of `store` (one transaction), so a burst of
// sends costs one disk sync. Each submitter's callback runs once its outcome is durable.
//
// Callbacks run on the committer thread: they must hand work off, never block.
//
// An engine may give the committer idle work (an index to keep up, say): it runs when no
// append waits, so that it never delays one, and after every kIdleTurnEvery batches in a
// row besides, so that a sustained peak does not starve it.
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "app/ports/messages.hpp"

namespace chat {

class MessageCommitQueue {
 public:
  // Stores many messages in one transaction, each with its own outcome (index i answers
  // messages[i]) as if appended one by one in order. A failure of the transaction itself
  // fails every entry; nothing is then stored.
  using StoreBatch =
      std::function<std::vector<Result<AppendedMessage>>(const std::vector<NewMessage>&)>;
  using Done = Messages::Appended;

  struct Options {
    std::size_t max_batch = 2048;
    // Submissions beyond this many waiting are refused at once (kRateLimited) instead of
    // growing memory without bound.
    std::size_t max_waiting = 200000;
  };

  // Does some idle work on the committer thread; returns whether more is left.
  using IdleWork = std::function<bool()>;
  static constexpr int kIdleTurnEvery = 16;

  MessageCommitQueue(StoreBatch store, Options options, IdleWork idle = {});
  ~MessageCommitQueue();
  MessageCommitQueue(const MessageCommitQueue&) = delete;
  MessageCommitQueue& operator=(const MessageCommitQueue&) = delete;

  void submit(NewMessage message, Done done);
  // Stores what is waiting, then stops the committer. Later submissions are refused.
  void stop();
  // Asks for an idle turn soon (new idle work is there).
  void wakeIdleWork();

 private:
  struct Waiting {
    NewMessage message;
    Done done;
  };
  void run();
  void commit(std::vector<Waiting>& batch);
  void idleTurn();

  StoreBatch store_;
  Options options_;
  IdleWork idle_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Waiting> waiting_;
  bool stopping_ = false;
  bool idle_pending_ = false;
  int batches_since_idle_ = 0;  // committer thread only
  std::thread committer_;
};

}  // namespace chat
