#pragma once
// Versioned schema migrations: applyMigrations runs the ones not yet recorded in
// schema_migrations, each in its own write transaction. The schema itself is the list in
// sqlite_schema.hpp.
// Thread-safe (through Database::write); run once at open.
#include <span>

#include "adapters/storage/sqlite/sqlite_database.hpp"
#include "domain/result.hpp"
#include "domain/time.hpp"

namespace chat::sqlite {

struct Migration {
  int version;       // strictly increasing; never renumber or edit a released migration
  const char* name;  // short description, recorded with the version
  const char* sql;   // one or more statements
};

// Applies the migrations not yet recorded, in order. Fails when the list is not strictly
// increasing or when the database already has a version newer than the list knows.
Status applyMigrations(Database& database, std::span<const Migration> migrations, Timestamp now);

}  // namespace chat::sqlite
