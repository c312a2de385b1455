#include "adapters/storage/postgres/postgres_migrations.hpp"

#include <set>
#include <string>

namespace chat::postgres {
namespace {

// The advisory lock that serializes migrations across nodes ("chatmigr" in ASCII).
constexpr std::int64_t kMigrationLock = 0x636861746d696772;

constexpr const char* kCreateMigrationsTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
))sql";

Status checkOrdered(std::span<const Migration> migrations) {
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version <= migrations[i - 1].version) {
      return Error::internal("schema migrations are not in strictly increasing order");
    }
  }
  return {};
}

Result<std::set<std::int64_t>> appliedVersions(Connection& connection) {
  auto rows = connection.query("SELECT version FROM schema_migrations");
  if (!rows) return rows.error();
  std::set<std::int64_t> versions;
  for (int row = 0; row < rows->rows(); ++row) versions.insert(rows->integer(row, 0));
  return versions;
}

Status applyPending(Connection& connection, std::span<const Migration> migrations, Timestamp now) {
  // Taken first: a second node waits here until the first has committed, then finds
  // everything applied.
  if (auto locked =
          connection.query("SELECT pg_advisory_xact_lock($1)", Params().add(kMigrationLock));
      !locked) {
    return locked.error();
  }
  if (auto created = connection.query(kCreateMigrationsTable); !created) return created.error();
  auto applied = appliedVersions(connection);
  if (!applied) return applied.error();
  const std::int64_t known = migrations.empty() ? 0 : migrations.back().version;
  if (!applied->empty() && *applied->rbegin() > known) {
    return Error::internal("database schema version " + std::to_string(*applied->rbegin()) +
                           " is newer than this server knows (" + std::to_string(known) + ")");
  }
  for (const Migration& migration : migrations) {
    if (applied->contains(migration.version)) continue;
    if (auto changed = connection.script(migration.sql); !changed) {
      return Error{changed.error().kind,
                   "schema migration " + std::to_string(migration.version) +
                       " failed: " + changed.error().message,
                   0, changed.error().detail};
    }
    if (auto recorded = connection.query(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
            Params().add(std::int64_t{migration.version}).add(migration.name).add(now));
        !recorded) {
      return recorded.error();
    }
  }
  return {};
}

}  // namespace

Status applyMigrations(Connection& connection, std::span<const Migration> migrations,
                       Timestamp now) {
  if (auto ordered = checkOrdered(migrations); !ordered) return ordered;
  if (auto connected = connection.ensureConnected(); !connected) return connected;
  if (auto begun = connection.query("BEGIN"); !begun) return begun.error();
  Status applied = applyPending(connection, migrations, now);
  if (applied) {
    if (auto committed = connection.query("COMMIT"); !committed) return committed.error();
    return {};
  }
  connection.rollbackIfOpen();
  return applied;
}

}  // namespace chat::postgres
