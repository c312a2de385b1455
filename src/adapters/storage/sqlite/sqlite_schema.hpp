#pragma once
// The schema of the SQLite engine: its ordered migrations (static data; thread-safe).
#include <span>

#include "adapters/storage/sqlite/sqlite_migrations.hpp"

namespace chat::sqlite {

// Every migration of the schema, oldest first.
std::span<const Migration> schemaMigrations();

}  // namespace chat::sqlite
