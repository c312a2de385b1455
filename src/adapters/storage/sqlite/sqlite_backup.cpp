#include "adapters/storage/sqlite/sqlite_backup.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <system_error>

namespace chat::sqlite {
namespace {

struct CloseDatabase {
  void operator()(sqlite3* handle) const { sqlite3_close(handle); }
};
using Handle = std::unique_ptr<sqlite3, CloseDatabase>;

Result<Handle> openFile(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Handle handle(raw);
  if (opened != SQLITE_OK) {
    return Error::unavailable("cannot open " + path + ": " +
                              (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(opened)));
  }
  sqlite3_busy_timeout(raw, 5000);
  return handle;
}

}  // namespace

Status backupDatabase(const std::string& source, const std::string& target) {
  std::error_code error;
  if (std::filesystem::exists(target, error)) {
    return Error::invalid(target + " exists already; give a new file name");
  }
  if (!std::filesystem::exists(source, error)) return Error::invalid("no database at " + source);
  auto from = openFile(source, SQLITE_OPEN_READONLY);
  if (!from) return from.error();
  const std::string partial = target + ".partial";
  std::filesystem::remove(partial, error);
  {
    auto to = openFile(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!to) return to.error();
    sqlite3_backup* backup = sqlite3_backup_init(to->get(), "main", from->get(), "main");
    if (!backup) {
      return Error::unavailable(std::string("cannot start the backup: ") +
                                sqlite3_errmsg(to->get()));
    }
    // All pages in one step: one read snapshot, so the copy is consistent.
    const int stepped = sqlite3_backup_step(backup, -1);
    const int finished = sqlite3_backup_finish(backup);
    if (stepped != SQLITE_DONE || finished != SQLITE_OK) {
      const int code = stepped != SQLITE_DONE ? stepped : finished;
      to.value().reset();
      std::filesystem::remove(partial, error);
      if (code == SQLITE_NOTADB) return Error::invalid(source + " is not a SQLite database");
      return Error::unavailable(std::string("backup failed: ") + sqlite3_errstr(code));
    }
  }
  std::filesystem::rename(partial, target, error);
  if (error) return Error::unavailable("cannot move the backup into place: " + error.message());
  return {};
}

}  // namespace chat::sqlite
