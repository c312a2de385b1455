#pragma once
// Copies the WAL back into the database file on its own thread and connection. SQLite's
// automatic checkpoint runs inside the commit that crosses its threshold, database fsync
// included, and every send waiting on that commit waited for it too; here the writer only
// signals, and commits go on while the checkpoint runs.
//
// Thread-safe: walGrew() is called by the writer after each commit.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "adapters/storage/sqlite/sqlite_connection.hpp"

namespace chat::sqlite {

class Checkpointer {
 public:
  // Checkpoints once the WAL holds `threshold_pages` pages (SQLite's default is 1000).
  Checkpointer(std::unique_ptr<Connection> connection, int threshold_pages);
  // Stops the thread after a last checkpoint.
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // The WAL holds `pages` pages. False when it has grown so far past the threshold that
  // the caller should checkpoint itself (the thread is starved or keeps failing).
  bool walGrew(int pages);

 private:
  void run();

  std::unique_ptr<Connection> connection_;
  const int threshold_pages_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool requested_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace chat::sqlite
