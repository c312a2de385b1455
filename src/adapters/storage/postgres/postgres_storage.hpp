#pragma once
// The PostgreSQL storage engine: the connection settings, a small pool of connections
// for the worker threads' calls, a dedicated connection per message committer, and
// the four repositories. Several servers (nodes) may share one database: every
// check-then-change holds a row or advisory lock, and seqs are gap-free across them.
// Thread-safe: every method may be called from any worker thread at once.
// Durability: a message is acknowledged once its transaction's COMMIT has returned.
#include <memory>
#include <string>
#include <vector>

#include "adapters/storage/postgres/postgres_groups.hpp"
#include "adapters/storage/postgres/postgres_messages.hpp"
#include "adapters/storage/postgres/postgres_pool.hpp"
#include "adapters/storage/postgres/postgres_refresh_tokens.hpp"
#include "adapters/storage/postgres/postgres_settings.hpp"
#include "adapters/storage/postgres/postgres_users.hpp"
#include "app/ports/storage.hpp"
#include "domain/result.hpp"

namespace chat {

struct PostgresOptions {
  // Connections shared by the calls other than appends.
  int pool_connections = 4;
  // Message committers, each with a connection of its own; a group's messages always use
  // the same one. Two keep the server busy while one waits for its results.
  int writers = 2;
  // libpq parameters that replace what the URL says (tests pick a schema with
  // {"options", "-c search_path=..."}).
  std::vector<postgres::ConnectionSettings::Parameter> overrides;
  MessageCommitQueue::Options commits;
};

class PostgresStorage final : public Storage {
 public:
  // Connects to `url` (a libpq URI, postgresql://user@host:port/dbname, or key=value
  // pairs) and applies pending migrations. kInvalid for a URL libpq can not read,
  // kUnavailable when the server can not be reached; never throws.
  static Result<std::unique_ptr<PostgresStorage>> open(const std::string& url,
                                                       PostgresOptions options = {});

  Users& users() override { return users_; }
  Groups& groups() override { return groups_; }
  postgres::MessageRepository& messages() override { return messages_; }
  RefreshTokens& refreshTokens() override { return refresh_tokens_; }
  Status ping() override;
  Result<StorageStatistics> statistics() override;
  void stopWrites() override { messages_.stop(); }

 private:
  PostgresStorage(std::unique_ptr<postgres::ConnectionSettings> settings,
                  const PostgresOptions& options);

  std::unique_ptr<postgres::ConnectionSettings> settings_;  // outlives every connection
  postgres::Pool pool_;
  postgres::UserRepository users_;
  postgres::GroupRepository groups_;
  postgres::MessageRepository messages_;
  postgres::RefreshTokenRepository refresh_tokens_;
};

}  // namespace chat
