#pragma once
// The connections to one database file and the transactions run on them. Owns one writer
// connection and a pool of reader connections. Thread-safe: any number of threads may
// call read() and write() at once.
//  - write(): one writer, serialized by a mutex, inside BEGIN IMMEDIATE ... COMMIT, so a
//    check-then-insert in one write() is race-free (also against other processes).
//  - read(): a pooled reader connection inside a read transaction (one consistent WAL
//    snapshot); waits while every reader is busy. Without readers (in-memory databases,
//    which connections can not share) reads use the writer.
//  - checkpoints run on their own thread and connection (sqlite_checkpointer.hpp).
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "adapters/storage/sqlite/sqlite_checkpointer.hpp"
#include "adapters/storage/sqlite/sqlite_connection.hpp"
#include "domain/result.hpp"

namespace chat::sqlite {

struct DatabaseSettings {
  int reader_connections = 4;
  std::chrono::milliseconds busy_timeout{5000};
  int checkpoint_pages = 1000;  // WAL size that starts a checkpoint
};

class Database {
 public:
  static Result<std::unique_ptr<Database>> open(const std::string& path,
                                                const DatabaseSettings& settings);

  // Runs fn(Connection&) -> Result<T> in a write transaction: committed when fn succeeds,
  // rolled back when it fails. Returns fn's result, or the error that ended the
  // transaction. Statements must not outlive fn.
  template <class Fn>
  auto write(Fn&& fn) -> std::invoke_result_t<Fn&, Connection&> {
    std::lock_guard lock(writer_mutex_);
    return inTransaction(*writer_, "BEGIN IMMEDIATE", fn);
  }

  // Runs fn(Connection&) -> Result<T> on one snapshot of the database.
  template <class Fn>
  auto read(Fn&& fn) -> std::invoke_result_t<Fn&, Connection&> {
    if (readers_.empty()) {
      std::lock_guard lock(writer_mutex_);
      return inTransaction(*writer_, "BEGIN", fn);
    }
    ReaderLease reader(*this);
    return inTransaction(reader.connection(), "BEGIN", fn);
  }

 private:
  Database() = default;

  // Borrows an idle reader for its lifetime.
  class ReaderLease {
   public:
    explicit ReaderLease(Database& database);
    ReaderLease(const ReaderLease&) = delete;
    ReaderLease& operator=(const ReaderLease&) = delete;
    ~ReaderLease();
    Connection& connection() { return *connection_; }

   private:
    Database& database_;
    Connection* connection_;
  };

  static Status begin(Connection& connection, const char* begin_sql);
  static Status finish(Connection& connection, bool commit);

  template <class Fn>
  static auto inTransaction(Connection& connection, const char* begin_sql, Fn& fn)
      -> std::invoke_result_t<Fn&, Connection&> {
    if (auto begun = begin(connection, begin_sql); !begun) return begun.error();
    try {
      auto result = fn(connection);
      if (!result.ok()) {
        (void)finish(connection, /*commit=*/false);
        return result;
      }
      if (auto committed = finish(connection, /*commit=*/true); !committed) {
        return committed.error();
      }
      return result;
    } catch (...) {
      // Errors are values: nothing thrown (std::bad_alloc) may leave the engine.
      (void)finish(connection, /*commit=*/false);
      return Error::internal("unexpected failure in a database transaction");
    }
  }

  std::mutex writer_mutex_;
  std::unique_ptr<Connection> writer_;
  std::unique_ptr<Checkpointer> checkpointer_;  // declared after writer_: stops first

  std::mutex readers_mutex_;
  std::condition_variable reader_returned_;
  std::vector<std::unique_ptr<Connection>> readers_;
  std::vector<Connection*> idle_readers_;
};

}  // namespace chat::sqlite
