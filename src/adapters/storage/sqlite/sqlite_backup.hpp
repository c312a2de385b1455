#pragma once
// An online copy of a SQLite database (SQLite's backup API): consistent while the server
// keeps writing, since it reads one snapshot through a connection of its own.
#include <string>

#include "domain/result.hpp"

namespace chat::sqlite {

// Copies the database at `source` to `target`, which must not exist yet. The copy is
// written beside it and renamed into place only once complete, so a failed or cut backup
// never leaves a partial file under the name asked for. kInvalid when `target` exists or
// `source` is no database; kUnavailable when a file can not be read or written.
Status backupDatabase(const std::string& source, const std::string& target);

}  // namespace chat::sqlite
