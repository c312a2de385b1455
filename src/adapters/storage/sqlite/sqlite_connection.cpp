#include "adapters/storage/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <climits>

#include "adapters/storage/sqlite/sqlite_error.hpp"

namespace chat::sqlite {
namespace {

// SQLite's own message for a failure of our constant SQL (prepare, exec) names tables and
// columns only, never bound values, and makes schema mistakes much easier to find. It goes
// to the log only: clients read the error's fixed message, never SQLite's words.
Error withDetail(Error error, sqlite3* handle) {
  error.detail += " (";
  error.detail += sqlite3_errmsg(handle);
  error.detail += ")";
  return error;
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, ConnectionRole role,
                                                     std::chrono::milliseconds busy_timeout) {
  if (sqlite3_threadsafe() == 0) {
    return Error::internal("SQLite was built without thread support");
  }
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  if (role == ConnectionRole::kWriter) flags |= SQLITE_OPEN_CREATE;
  sqlite3* handle = nullptr;
  const int opened = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  // Even a failed open may allocate a handle; the Connection closes it either way.
  std::unique_ptr<Connection> connection(new Connection(handle));
  if (opened != SQLITE_OK) {
    return databaseError(opened, "open of '" + path + "'");
  }
  if (auto configured = connection->configure(role, busy_timeout); !configured) {
    return configured.error();
  }
  return connection;
}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.statement);
  // close_v2 tolerates statements still alive by mistake instead of leaking the handle.
  sqlite3_close_v2(handle_);
}

Status Connection::configure(ConnectionRole role, std::chrono::milliseconds busy_timeout) {
  sqlite3_extended_result_codes(handle_, 1);
  const auto timeout_ms = static_cast<int>(std::min<std::int64_t>(busy_timeout.count(), INT_MAX));
  sqlite3_busy_timeout(handle_, timeout_ms);
  // FULL: a commit is on disk (WAL fsynced) before we acknowledge it; NORMAL could lose
  // the last acknowledged messages on power loss.
  if (auto set = exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"); !set) {
    return set.error();
  }
  if (role == ConnectionRole::kReader) return exec("PRAGMA query_only = ON;");
  if (role == ConnectionRole::kCheckpointer) return {};

  // WAL lets readers run while the single writer commits. The pragma answers with the
  // mode in effect; in-memory databases can only report "memory".
  auto journal = prepare("PRAGMA journal_mode = WAL");
  if (!journal) return journal.error();
  auto row = journal->step();
  if (!row) return row.error();
  const std::string mode = *row ? journal->columnText(0) : std::string();
  if (mode != "wal" && mode != "memory") {
    return Error::unavailable("database could not switch to WAL journal mode (got '" + mode + "')");
  }
  return {};
}

Status Connection::exec(const char* sql) {
  const int result = sqlite3_exec(handle_, sql, nullptr, nullptr, nullptr);
  if (result != SQLITE_OK) return withDetail(databaseError(result, "exec"), handle_);
  return {};
}

Result<sqlite3_stmt*> Connection::compile(std::string_view sql, bool persistent) {
  if (sql.size() > INT_MAX) return Error::internal("database prepare failed: SQL too long");
  sqlite3_stmt* statement = nullptr;
  const int result =
      sqlite3_prepare_v3(handle_, sql.data(), static_cast<int>(sql.size()),
                         persistent ? SQLITE_PREPARE_PERSISTENT : 0, &statement, nullptr);
  if (result != SQLITE_OK) {
    sqlite3_finalize(statement);
    return withDetail(databaseError(result, "prepare"), handle_);
  }
  if (statement == nullptr) return Error::internal("database prepare failed: empty SQL");
  return statement;
}

Result<Statement> Connection::prepare(std::string_view sql) {
  auto found = cache_.find(sql);
  if (found == cache_.end()) {
    auto compiled = compile(sql, /*persistent=*/true);
    if (!compiled) return compiled.error();
    found = cache_.emplace(std::string(sql), CachedStatement{*compiled, false}).first;
  }
  CachedStatement& cached = found->second;
  if (cached.in_use) {
    auto compiled = compile(sql, /*persistent=*/false);
    if (!compiled) return compiled.error();
    return Statement(*compiled, nullptr);
  }
  cached.in_use = true;
  return Statement(cached.statement, &cached.in_use);
}

std::int64_t Connection::changes() const {
  return sqlite3_changes64(handle_);
}

std::int64_t Connection::lastInsertRowid() const {
  return sqlite3_last_insert_rowid(handle_);
}

void Connection::onWalCommit(std::function<void(int wal_pages)> hook) {
  wal_hook_ = std::move(hook);
  sqlite3_wal_hook(
      handle_,
      [](void* self, sqlite3*, const char*, int pages) {
        static_cast<Connection*>(self)->wal_hook_(pages);
        return SQLITE_OK;
      },
      this);
}

Status Connection::checkpoint() {
  const int result =
      sqlite3_wal_checkpoint_v2(handle_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  if (result == SQLITE_OK || result == SQLITE_BUSY || result == SQLITE_LOCKED) return {};
  return withDetail(databaseError(result, "checkpoint"), handle_);
}

bool Connection::inTransaction() const {
  return sqlite3_get_autocommit(handle_) == 0;
}

}  // namespace chat::sqlite
