#include "adapters/storage/common/message_commit_queue.hpp"

#include <chrono>

#include "adapters/metrics/server_metrics.hpp"

namespace chat {

MessageCommitQueue::MessageCommitQueue(StoreBatch store, Options options, IdleWork idle)
    : store_(std::move(store)),
      options_(options),
      idle_(std::move(idle)),
      idle_pending_(static_cast<bool>(idle_)),
      committer_([this] { run(); }) {}

MessageCommitQueue::~MessageCommitQueue() {
  stop();
}

void MessageCommitQueue::submit(NewMessage message, Done done) {
  bool stopping = false;
  {
    std::lock_guard lock(mutex_);
    stopping = stopping_;
    if (!stopping && waiting_.size() < options_.max_waiting) {
      waiting_.push_back({std::move(message), std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  done(stopping ? Error::unavailable("The server is shutting down")
                : Error::rateLimited("The server is busy; retry shortly", 1));
}

void MessageCommitQueue::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    wake_.notify_one();
  }
  if (committer_.joinable()) committer_.join();
}

void MessageCommitQueue::wakeIdleWork() {
  if (!idle_) return;
  std::lock_guard lock(mutex_);
  idle_pending_ = true;
  wake_.notify_one();
}

void MessageCommitQueue::idleTurn() {
  batches_since_idle_ = 0;
  const bool more = idle_();
  std::lock_guard lock(mutex_);
  idle_pending_ = idle_pending_ || more;
}

void MessageCommitQueue::run() {
  std::vector<Waiting> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !waiting_.empty() || idle_pending_; });
      if (waiting_.empty()) {
        if (stopping_) return;  // everything is stored; idle work waits for the next start
        idle_pending_ = false;
        lock.unlock();
        idleTurn();
        continue;
      }
      if (waiting_.size() <= options_.max_batch) {
        batch.swap(waiting_);
      } else {
        auto end = waiting_.begin() + static_cast<std::ptrdiff_t>(options_.max_batch);
        batch.assign(std::make_move_iterator(waiting_.begin()), std::make_move_iterator(end));
        waiting_.erase(waiting_.begin(), end);
      }
    }
    commit(batch);
    batch.clear();
    if (!idle_) continue;
    {
      std::lock_guard lock(mutex_);
      idle_pending_ = true;  // what was stored is idle work now
    }
    if (++batches_since_idle_ >= kIdleTurnEvery) idleTurn();
  }
}

void MessageCommitQueue::commit(std::vector<Waiting>& batch) {
  std::vector<NewMessage> messages;
  messages.reserve(batch.size());
  for (auto& entry : batch) messages.push_back(std::move(entry.message));
  const auto started = std::chrono::steady_clock::now();
  auto outcomes = store_(messages);
  auto& counted = metrics::serverMetrics();
  counted.commit_seconds.observeSince(started);
  counted.commit_batch_messages.observe(batch.size());
  std::uint64_t stored = 0;
  for (const auto& outcome : outcomes) stored += outcome.ok() ? 1 : 0;
  counted.messages_stored.add(stored);
  counted.message_store_failures.add(batch.size() - stored);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    batch[i].done(i < outcomes.size() ? std::move(outcomes[i])
                                      : Result<AppendedMessage>(Error::internal("Lost outcome")));
  }
}

}  // namespace chat
