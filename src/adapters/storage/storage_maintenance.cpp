#include "adapters/storage/storage_maintenance.hpp"

#include <set>
#include <span>

#include "adapters/storage/open_storage.hpp"
#include "adapters/storage/postgres/postgres_connection.hpp"
#include "adapters/storage/postgres/postgres_schema.hpp"
#include "adapters/storage/sqlite/sqlite_backup.hpp"
#include "adapters/storage/sqlite/sqlite_connection.hpp"
#include "adapters/storage/sqlite/sqlite_schema.hpp"

namespace chat {
namespace {

template <typename Migration>
std::vector<MigrationState> statesOf(std::span<const Migration> migrations,
                                     const std::set<std::int64_t>& applied) {
  std::vector<MigrationState> states;
  for (const Migration& migration : migrations) {
    states.push_back({migration.version, migration.name, applied.contains(migration.version)});
  }
  return states;
}

Result<std::set<std::int64_t>> sqliteApplied(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::set<std::int64_t>();
  auto connection =
      sqlite::Connection::open(path, sqlite::ConnectionRole::kReader, std::chrono::seconds(5));
  if (!connection) return connection.error();
  auto table = (*connection)
                   ->prepare(
                       "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
                       "'schema_migrations'");
  if (!table) return table.error();
  auto found = table->step();
  if (!found) return found.error();
  std::set<std::int64_t> versions;
  if (!*found || table->columnInt(0) == 0) return versions;
  auto select = (*connection)->prepare("SELECT version FROM schema_migrations");
  if (!select) return select.error();
  for (;;) {
    auto row = select->step();
    if (!row) return row.error();
    if (!*row) return versions;
    versions.insert(select->columnInt(0));
  }
}

Result<std::set<std::int64_t>> postgresApplied(const std::string& url) {
  auto settings = postgres::ConnectionSettings::parse(url);
  if (!settings) return settings.error();
  postgres::Connection connection(*settings);
  if (auto connected = connection.ensureConnected(); !connected) return connected.error();
  auto table = connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL");
  if (!table) return table.error();
  std::set<std::int64_t> versions;
  if (!table->boolean(0, 0)) return versions;
  auto rows = connection.query("SELECT version FROM schema_migrations");
  if (!rows) return rows.error();
  for (int row = 0; row < rows->rows(); ++row) versions.insert(rows->integer(row, 0));
  return versions;
}

}  // namespace

Result<std::vector<MigrationState>> migrationStates(const std::string& url,
                                                    const std::filesystem::path& data_dir) {
  if (auto path = sqlitePath(url, data_dir)) {
    auto applied = sqliteApplied(*path);
    if (!applied) return applied.error();
    return statesOf(sqlite::schemaMigrations(), *applied);
  }
  if (isPostgresUrl(url)) {
    auto applied = postgresApplied(url);
    if (!applied) return applied.error();
    return statesOf(postgres::schemaMigrations(), *applied);
  }
  return Error::invalid("Migrations are kept by SQLite and PostgreSQL databases only");
}

Status backupStorage(const std::string& url, const std::filesystem::path& data_dir,
                     const std::string& target) {
  if (auto path = sqlitePath(url, data_dir)) return sqlite::backupDatabase(*path, target);
  if (isPostgresUrl(url)) {
    return Error::invalid(
        "PostgreSQL is backed up with its own tools: pg_dump --format=custom (a consistent "
        "copy while servers write), or continuous archiving for point-in-time recovery");
  }
  return Error::invalid("Only SQLite and PostgreSQL databases can be backed up");
}

}  // namespace chat
