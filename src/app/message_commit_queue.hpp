#pragma once
// Group commit for sent messages. Any thread may submit; one committer thread stores what
// has accumulated in one transaction (Messages::appendBatch), so a burst of sends costs
// one disk sync. After a batch is durable, GroupEvents hears of each new message in commit
// order (which is seq order within a group), and only then does each submitter's callback
// run: acknowledged means stored, and live delivery never overtakes storage.
//
// Callbacks run on the committer thread: they must hand work off, never block.
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "app/ports/group_events.hpp"
#include "app/ports/messages.hpp"

namespace chat {

class MessageCommitQueue {
 public:
  using Done = std::function<void(Result<AppendedMessage>)>;

  struct Options {
    std::size_t max_batch = 2048;
    // Submissions beyond this many waiting are refused at once (kRateLimited) instead of
    // growing memory without bound.
    std::size_t max_waiting = 200000;
  };

  MessageCommitQueue(Messages& messages, GroupEvents& events, Options options);
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

  Messages& messages_;
  GroupEvents& events_;
  Options options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Waiting> waiting_;
  bool stopping_ = false;
  std::thread committer_;
};

}  // namespace chat
