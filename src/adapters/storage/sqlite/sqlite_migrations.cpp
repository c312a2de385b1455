#include "adapters/storage/sqlite/sqlite_migrations.hpp"

#include <string>

namespace chat::sqlite {
namespace {

constexpr const char* kCreateMigrationsTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
);
)sql";

Status checkOrdered(std::span<const Migration> migrations) {
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version <= migrations[i - 1].version) {
      return Error::internal("schema migrations are not in strictly increasing order");
    }
  }
  return {};
}

Result<std::int64_t> newestAppliedVersion(Connection& connection) {
  auto newest = connection.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
  if (!newest) return newest.error();
  auto row = newest->step();
  if (!row) return row.error();
  return *row ? newest->columnInt(0) : 0;
}

// Applies `migration` unless it is recorded already. Runs inside a write transaction, so
// two servers opening the same file at once do not both apply it.
Status applyOne(Connection& connection, const Migration& migration, Timestamp now) {
  {
    auto applied = connection.prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
    if (!applied) return applied.error();
    auto row = applied->bindInt(1, migration.version).step();
    if (!row) return row.error();
    if (*row) return {};
  }
  if (auto changed = connection.exec(migration.sql); !changed) {
    return Error{changed.error().kind, "schema migration " + std::to_string(migration.version) +
                                           " failed: " + changed.error().message};
  }
  auto record = connection.prepare(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
  if (!record) return record.error();
  return record->bindInt(1, migration.version).bindText(2, migration.name).bindTime(3, now).run();
}

}  // namespace

Status applyMigrations(Database& database, std::span<const Migration> migrations, Timestamp now) {
  if (auto ordered = checkOrdered(migrations); !ordered) return ordered;
  if (auto created = database.write([](Connection& c) { return c.exec(kCreateMigrationsTable); });
      !created) {
    return created;
  }
  auto newest = database.read(newestAppliedVersion);
  if (!newest) return newest.error();
  const std::int64_t known = migrations.empty() ? 0 : migrations.back().version;
  if (*newest > known) {
    return Error::internal("database schema version " + std::to_string(*newest) +
                           " is newer than this server knows (" + std::to_string(known) + ")");
  }
  for (const Migration& migration : migrations) {
    auto applied = database.write([&](Connection& c) { return applyOne(c, migration, now); });
    if (!applied) return applied;
  }
  return {};
}

}  // namespace chat::sqlite
