#include "adapters/storage/open_storage.hpp"

#include <string_view>

#include "adapters/storage/sqlite/sqlite_storage.hpp"

namespace chat {

namespace {

Result<std::unique_ptr<Storage>> openSqlite(const std::string& path) {
  auto storage = SqliteStorage::open(path);
  if (!storage) return storage.error();
  return std::unique_ptr<Storage>(std::move(storage).value());
}

}  // namespace

Result<std::unique_ptr<Storage>> openStorage(const std::string& url,
                                             const std::filesystem::path& data_dir) {
  if (url.empty()) return openSqlite((data_dir / "chatserver.db").string());
  constexpr std::string_view kSqlite = "sqlite:";
  if (url.starts_with(kSqlite)) return openSqlite(url.substr(kSqlite.size()));
  return Error::invalid("Unsupported database URL (expected sqlite:PATH)");
}

}  // namespace chat
