#pragma once
// One SQLite connection with its prepared-statement cache. Owns the sqlite3 handle and
// every cached statement. Not thread-safe: one thread at a time (Database hands each
// connection to a single thread under a lock), so it is opened in SQLite's multi-thread
// mode without SQLite's own per-connection mutex.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "adapters/storage/sqlite/sqlite_statement.hpp"
#include "domain/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace chat::sqlite {

enum class ConnectionRole {
  kWriter,        // creates the file, switches it to WAL
  kReader,        // refuses to write (query_only)
  kCheckpointer,  // runs no SQL; copies the WAL into the database file
};

class Connection {
 public:
  static Result<std::unique_ptr<Connection>> open(const std::string& path, ConnectionRole role,
                                                  std::chrono::milliseconds busy_timeout);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs SQL without parameters (pragmas, transaction control, migrations).
  Status exec(const char* sql);
  // The cached statement for `sql`, prepared on first use. If that statement is already
  // in use (a nested use of the same SQL) a fresh, uncached one is returned instead.
  Result<Statement> prepare(std::string_view sql);

  // Rows changed by the last INSERT, UPDATE or DELETE.
  std::int64_t changes() const;
  // The rowid of the last successful INSERT on this connection.
  std::int64_t lastInsertRowid() const;

  // Replaces SQLite's automatic checkpoint: after every commit, `hook` hears how many
  // pages the WAL holds. Runs on the committing thread; it must not block.
  void onWalCommit(std::function<void(int wal_pages)> hook);
  // Copies what it can of the WAL into the database file without waiting for readers or
  // the writer (a PASSIVE checkpoint). Busy is not an error: the next one catches up.
  Status checkpoint();
  bool inTransaction() const;

 private:
  explicit Connection(sqlite3* handle) : handle_(handle) {}
  Status configure(ConnectionRole role, std::chrono::milliseconds busy_timeout);
  Result<sqlite3_stmt*> compile(std::string_view sql, bool persistent);

  struct CachedStatement {
    sqlite3_stmt* statement = nullptr;
    bool in_use = false;
  };
  // Lets the cache be searched with a string_view without building a std::string.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const {
      return std::hash<std::string_view>{}(sql);
    }
  };

  sqlite3* handle_;
  std::function<void(int)> wal_hook_;
  // Node-based map: the address of each `in_use` flag stays valid while Statements use it.
  std::unordered_map<std::string, CachedStatement, SqlHash, std::equal_to<>> cache_;
};

}  // namespace chat::sqlite
