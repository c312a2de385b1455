#include "adapters/storage/postgres/postgres_storage.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "adapters/storage/postgres/postgres_migrations.hpp"
#include "adapters/storage/postgres/postgres_schema.hpp"

namespace chat {

PostgresStorage::PostgresStorage(std::unique_ptr<postgres::ConnectionSettings> settings,
                                 const PostgresOptions& options)
    : settings_(std::move(settings)),
      pool_(*settings_, options.pool_connections),
      users_(pool_),
      groups_(pool_),
      messages_(pool_, *settings_, options.writers, options.commits),
      refresh_tokens_(pool_) {}

Result<std::unique_ptr<PostgresStorage>> PostgresStorage::open(const std::string& url,
                                                               PostgresOptions options) {
  try {
    auto settings = postgres::ConnectionSettings::parse(url, std::move(options.overrides));
    if (!settings) return settings.error();
    auto owned = std::make_unique<postgres::ConnectionSettings>(std::move(settings).value());
    spdlog::info("PostgreSQL: opening {}", owned->description());
    {
      // Its own connection, closed afterwards: the pool's connect when first used.
      postgres::Connection connection(*owned);
      const auto now =
          std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
      if (auto migrated = postgres::applyMigrations(connection, postgres::schemaMigrations(), now);
          !migrated) {
        return migrated.error();
      }
    }
    return std::unique_ptr<PostgresStorage>(new PostgresStorage(std::move(owned), options));
  } catch (...) {
    return Error::internal("unexpected failure while opening the database");
  }
}

Status PostgresStorage::ping() {
  return pool_.run([](postgres::Connection& connection) -> Status {
    auto selected = connection.query("SELECT 1");
    if (!selected) return selected.error();
    return {};
  });
}

Result<StorageStatistics> PostgresStorage::statistics() {
  return pool_.run([](postgres::Connection& connection) -> Result<StorageStatistics> {
    auto rows = connection.query(
        "SELECT (SELECT count(*) FROM users WHERE user_name_key NOT LIKE '#%'), "
        "(SELECT count(*) FROM users WHERE locked AND user_name_key NOT LIKE '#%'), "
        "(SELECT count(*) FROM groups), (SELECT count(*) FROM group_members), "
        "(SELECT count(*) FROM messages), pg_database_size(current_database())");
    if (!rows) return rows.error();
    return StorageStatistics{rows->integer(0, 0), rows->integer(0, 1), rows->integer(0, 2),
                             rows->integer(0, 3), rows->integer(0, 4), rows->integer(0, 5)};
  });
}

}  // namespace chat
