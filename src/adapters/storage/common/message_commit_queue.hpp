#pragma once
// Group commit for appended messages, for an engine to use behind Messages::append (as
// LevelDB's writers join one write group). Any thread may submit; one committer thread
// stores what has accumulated with one call of `store` (one transaction), so a burst of
// sends costs one disk sync. Each submitter's callback runs once its outcome is durable.
//
// Callbacks run on the committer thread: they must hand work off, never block.
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

  MessageCommitQueue(StoreBatch store, Options options);
  ~MessageCommitQueue();
  MessageCommitQueue(const MessageCommitQueue&) = delete;
  MessageCommitQueue& operator=(const MessageCommitQueue&) = delete;

  void submit(NewMessage message, Done done);
  // Stores what is waiting, then stops the committer. Later submissions are refused.
  void stop();

 private:
  struct Waiting {
    NewMessage message;
    Done done;
  };
  void run();
  void commit(std::vector<Waiting>& batch);

  StoreBatch store_;
  Options options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Waiting> waiting_;
  bool stopping_ = false;
  std::thread committer_;
};

}  // namespace chat
