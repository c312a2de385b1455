#include "adapters/storage/open_storage.hpp"

#include <string_view>

#include "adapters/storage/memory/memory_storage.hpp"
#include "adapters/storage/postgres/postgres_storage.hpp"
#include "adapters/storage/sqlite/sqlite_storage.hpp"

namespace chat {

namespace {

Result<std::unique_ptr<Storage>> openSqlite(const std::string& path) {
  auto storage = SqliteStorage::open(path);
  if (!storage) return storage.error();
  return std::unique_ptr<Storage>(std::move(storage).value());
}

// A libpq connection URI; its password (or PGPASSWORD, or ~/.pgpass) is libpq's to read.
Result<std::unique_ptr<Storage>> openPostgres(const std::string& url) {
  auto storage = PostgresStorage::open(url);
  if (!storage) return storage.error();
  return std::unique_ptr<Storage>(std::move(storage).value());
}

}  // namespace

std::optional<std::string> sqlitePath(const std::string& url,
                                      const std::filesystem::path& data_dir) {
  if (url.empty()) return (data_dir / "chatserver.db").string();
  constexpr std::string_view kSqlite = "sqlite:";
  if (url.starts_with(kSqlite)) return url.substr(kSqlite.size());
  return std::nullopt;
}

bool isPostgresUrl(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

Result<std::unique_ptr<Storage>> openStorage(const std::string& url,
                                             const std::filesystem::path& data_dir) {
  if (auto path = sqlitePath(url, data_dir)) return openSqlite(*path);
  if (url == "memory:") return std::unique_ptr<Storage>(std::make_unique<MemoryStorage>());
  if (isPostgresUrl(url)) return openPostgres(url);
  return Error::invalid(
      "Unsupported database URL (expected sqlite:PATH, postgresql://... or memory:)");
}

}  // namespace chat
