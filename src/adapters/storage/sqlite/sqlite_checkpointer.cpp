#include "adapters/storage/sqlite/sqlite_checkpointer.hpp"

#include <spdlog/spdlog.h>

namespace chat::sqlite {
namespace {
// Past this many thresholds the writer stops relying on the thread.
constexpr int kMaxLag = 8;
}  // namespace

Checkpointer::Checkpointer(std::unique_ptr<Connection> connection, int threshold_pages)
    : connection_(std::move(connection)),
      threshold_pages_(threshold_pages),
      thread_([this] { run(); }) {}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

bool Checkpointer::walGrew(int pages) {
  if (pages < threshold_pages_) return true;
  {
    std::lock_guard lock(mutex_);
    requested_ = true;
  }
  wake_.notify_one();
  return pages < kMaxLag * threshold_pages_;
}

void Checkpointer::run() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return requested_ || stopping_; });
      requested_ = false;
    }
    if (auto done = connection_->checkpoint(); !done) {
      spdlog::warn("database checkpoint failed: {}", done.error().message);
    }
    std::lock_guard lock(mutex_);
    if (stopping_) return;
  }
}

}  // namespace chat::sqlite
