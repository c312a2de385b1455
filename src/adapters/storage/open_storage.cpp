#include "adapters/storage/open_storage.hpp"

#include <string_view>

#include "adapters/storage/memory/memory_storage.hpp"
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
  if (url == "memory:") return std::unique_ptr<Storage>(std::make_unique<MemoryStorage>());
  return Error::invalid("Unsupported database URL (expected sqlite:PATH or memory:)");
}

}  // namespace chat
