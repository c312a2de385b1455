#pragma once
// The storage factory: turns a database URL into an engine. Adding an engine is a line
// here and its module.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "app/ports/storage.hpp"
#include "domain/result.hpp"

namespace chat {

// `url` is `sqlite:PATH`, `postgresql://[user[:password]@]host[:port]/dbname[?param=...]`
// (or `postgres://...`; a libpq URI) or `memory:` (nothing kept); empty means SQLite at
// `data_dir`/chatserver.db.
// kInvalid for a URL no engine takes; the engine's own error when it can not open.
Result<std::unique_ptr<Storage>> openStorage(const std::string& url,
                                             const std::filesystem::path& data_dir);

// The file a SQLite URL (or the empty one) names; nullopt for other engines.
std::optional<std::string> sqlitePath(const std::string& url,
                                      const std::filesystem::path& data_dir);

bool isPostgresUrl(const std::string& url);

}  // namespace chat
