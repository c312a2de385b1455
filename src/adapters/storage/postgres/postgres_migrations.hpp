#pragma once
// Versioned schema migrations for PostgreSQL: applyMigrations runs the ones not yet
// recorded in schema_migrations, all in one transaction (PostgreSQL's DDL is
// transactional) under an advisory lock, so that nodes starting at once neither race
// nor see half a schema. The schema itself is the list in postgres_schema.hpp.
// Runs on the connection it is given; call once at open.
#include <span>

#include "adapters/storage/postgres/postgres_connection.hpp"
#include "domain/result.hpp"
#include "domain/time.hpp"

namespace chat::postgres {

struct Migration {
  int version;       // strictly increasing; never renumber or edit a released migration
  const char* name;  // short description, recorded with the version
  const char* sql;   // one or more statements
};

// Applies the migrations not yet recorded, in order. Fails when the list is not strictly
// increasing or when the database already has a version newer than the list knows.
Status applyMigrations(Connection& connection, std::span<const Migration> migrations,
                       Timestamp now);

}  // namespace chat::postgres
