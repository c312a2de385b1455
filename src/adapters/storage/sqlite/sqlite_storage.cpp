#include "adapters/storage/sqlite/sqlite_storage.hpp"

#include <chrono>

#include "adapters/storage/sqlite/sqlite_migrations.hpp"
#include "adapters/storage/sqlite/sqlite_schema.hpp"

namespace chat {

SqliteStorage::SqliteStorage(std::unique_ptr<sqlite::Database> database)
    : database_(std::move(database)),
      users_(*database_),
      groups_(*database_),
      messages_(*database_),
      refresh_tokens_(*database_) {}

Result<std::unique_ptr<SqliteStorage>> SqliteStorage::open(const std::string& path,
                                                           SqliteOptions options) {
  try {
    auto database = sqlite::Database::open(path, {.reader_connections = options.reader_connections,
                                                  .busy_timeout = options.busy_timeout});
    if (!database) return database.error();
    const auto now =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    if (auto migrated = sqlite::applyMigrations(**database, sqlite::schemaMigrations(), now);
        !migrated) {
      return migrated.error();
    }
    return std::unique_ptr<SqliteStorage>(new SqliteStorage(std::move(database).value()));
  } catch (...) {
    return Error::internal("unexpected failure while opening the database");
  }
}

Status SqliteStorage::ping() {
  return database_->read([](sqlite::Connection& connection) -> Status {
    auto select = connection.prepare("SELECT 1");
    if (!select) return select.error();
    return select->run();
  });
}

Result<StorageStatistics> SqliteStorage::statistics() {
  return database_->read([](sqlite::Connection& connection) -> Result<StorageStatistics> {
    auto select = connection.prepare(
        "SELECT (SELECT count(*) FROM users WHERE user_name_key NOT LIKE '#%'), "
        "(SELECT count(*) FROM users WHERE locked = 1 AND user_name_key NOT LIKE '#%'), "
        "(SELECT count(*) FROM groups), (SELECT count(*) FROM group_members), "
        "(SELECT count(*) FROM messages), "
        "(SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size())");
    if (!select) return select.error();
    auto row = select->step();
    if (!row) return row.error();
    return StorageStatistics{select->columnInt(0), select->columnInt(1), select->columnInt(2),
                             select->columnInt(3), select->columnInt(4), select->columnInt(5)};
  });
}

}  // namespace chat
