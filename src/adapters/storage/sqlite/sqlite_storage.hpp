#pragma once
// The SQLite storage engine: owns the database connections and the four repositories.
// Thread-safe: every method may be called from any worker thread at once.
// Durability: WAL journal with synchronous=FULL, so a write that returned success (an
// acknowledged message) survives a crash or power loss. Writes are serialized on one
// writer connection (BEGIN IMMEDIATE); reads use a pool of reader connections.
#include <chrono>
#include <memory>
#include <string>

#include "adapters/storage/sqlite/sqlite_database.hpp"
#include "adapters/storage/sqlite/sqlite_groups.hpp"
#include "adapters/storage/sqlite/sqlite_messages.hpp"
#include "adapters/storage/sqlite/sqlite_refresh_tokens.hpp"
#include "adapters/storage/sqlite/sqlite_users.hpp"
#include "app/ports/storage.hpp"
#include "domain/result.hpp"

namespace chat {

struct SqliteOptions {
  // Connections that serve reads concurrently with the writer. 0: reads share the writer.
  // In-memory databases (":memory:") always use the writer only.
  int reader_connections = 4;
  // How long a statement waits for a lock held by another process before failing with
  // kUnavailable.
  std::chrono::milliseconds busy_timeout{5000};
};

class SqliteStorage final : public Storage {
 public:
  // Opens (creating if needed) the database at `path` and applies pending migrations.
  // kUnavailable when the file can not be opened; never throws.
  static Result<std::unique_ptr<SqliteStorage>> open(const std::string& path,
                                                     SqliteOptions options = {});

  Users& users() override { return users_; }
  Groups& groups() override { return groups_; }
  sqlite::MessageRepository& messages() override { return messages_; }
  RefreshTokens& refreshTokens() override { return refresh_tokens_; }
  Status ping() override;
  Result<StorageStatistics> statistics() override;
  void stopWrites() override { messages_.stop(); }

 private:
  explicit SqliteStorage(std::unique_ptr<sqlite::Database> database);

  std::unique_ptr<sqlite::Database> database_;  // outlives the repositories below
  sqlite::UserRepository users_;
  sqlite::GroupRepository groups_;
  sqlite::MessageRepository messages_;
  sqlite::RefreshTokenRepository refresh_tokens_;
};

}  // namespace chat
