#pragma once
// Reads an export of the original ASP.NET Core server's tables (docs/import.md): either a
// JSON file holding an object with one array per table (what SQL Server's
// `SELECT ... FOR JSON PATH` writes for each), or a directory with one CSV file per table
// (AspNetUsers.csv, Players.csv, Groups.csv, PlayerGroupMappings.csv,
// MessageHistories.csv). Column names match case-insensitively; a missing table is empty.
#include <cstdint>
#include <filesystem>

#include "app/import_original.hpp"

namespace chat::admin {

// The largest file read: an export is read whole into memory.
inline constexpr std::uintmax_t kMaxExportFileBytes = std::uintmax_t{4} << 30;

// kInvalid naming the file, table, row and column for anything it cannot read, including
// a password hash that is not an ASP.NET Core Identity V2 or V3 hash.
Result<OriginalExport> readOriginalExport(const std::filesystem::path& path);

}  // namespace chat::admin
