#pragma once
// The schema of the PostgreSQL engine: its ordered migrations (static data; thread-safe).
#include <span>

#include "adapters/storage/postgres/postgres_migrations.hpp"

namespace chat::postgres {

// Every migration of the schema, oldest first.
std::span<const Migration> schemaMigrations();

}  // namespace chat::postgres
