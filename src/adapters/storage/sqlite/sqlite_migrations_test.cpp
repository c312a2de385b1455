#include "adapters/storage/sqlite/sqlite_migrations.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "adapters/storage/sqlite/sqlite_schema.hpp"
#include "adapters/storage/sqlite/sqlite_test_support.hpp"

namespace chat::sqlite::testing {
namespace {

struct AppliedMigration {
  std::int64_t version;
  std::string name;
  std::int64_t applied_at;
  bool operator==(const AppliedMigration&) const = default;
};

std::vector<AppliedMigration> appliedMigrations(Database& database) {
  auto applied = database.read([](Connection& connection) -> Result<std::vector<AppliedMigration>> {
    auto select = connection.prepare(
        "SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
    if (!select) return select.error();
    std::vector<AppliedMigration> rows;
    for (;;) {
      auto row = select->step();
      if (!row) return row.error();
      if (!*row) return rows;
      rows.push_back({select->columnInt(0), select->columnText(1), select->columnInt(2)});
    }
  });
  EXPECT_TRUE(applied.ok());
  return applied.ok() ? *applied : std::vector<AppliedMigration>{};
}

bool tableExists(Database& database, const std::string& table) {
  auto exists = database.read([&](Connection& connection) -> Result<bool> {
    auto select =
        connection.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
    if (!select) return select.error();
    return select->bindText(1, table).step();
  });
  EXPECT_TRUE(exists.ok());
  return exists.ok() && *exists;
}

std::unique_ptr<Database> openDatabase(const TempDatabasePath& path) {
  auto database = Database::open(path.str(), {});
  EXPECT_TRUE(database.ok());
  return database.ok() ? std::move(database).value() : nullptr;
}

TEST(SqliteMigrations, SchemaVersionsAreStrictlyIncreasing) {
  auto migrations = schemaMigrations();
  ASSERT_FALSE(migrations.empty());
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    EXPECT_LT(migrations[i - 1].version, migrations[i].version);
  }
}

TEST(SqliteMigrations, OpeningTwiceAppliesEachMigrationOnce) {
  TempDatabasePath path;
  { ASSERT_TRUE(SqliteStorage::open(path.str()).ok()); }
  auto database = openDatabase(path);
  ASSERT_TRUE(database);
  const auto first = appliedMigrations(*database);
  ASSERT_EQ(first.size(), schemaMigrations().size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].version, schemaMigrations()[i].version);
    EXPECT_EQ(first[i].name, schemaMigrations()[i].name);
  }
  database.reset();

  auto reopened = SqliteStorage::open(path.str());
  ASSERT_TRUE(reopened.ok()) << reopened.error().message;
  database = openDatabase(path);
  EXPECT_EQ(appliedMigrations(*database), first);  // same rows, same applied_at
  for (const char* table : {"users", "groups", "group_members", "messages", "refresh_tokens"}) {
    EXPECT_TRUE(tableExists(*database, table)) << table;
  }
}

TEST(SqliteMigrations, AppliesOnlyTheMigrationsNotYetRecorded) {
  TempDatabasePath path;
  auto database = openDatabase(path);
  ASSERT_TRUE(database);
  // Re-running "CREATE TABLE a" would fail, so success proves that version 1 is skipped.
  const std::vector<Migration> first = {{1, "a", "CREATE TABLE a (x INTEGER);"}};
  ASSERT_TRUE(applyMigrations(*database, first, at(10)).ok());
  const std::vector<Migration> second = {{1, "a", "CREATE TABLE a (x INTEGER);"},
                                         {5, "b", "CREATE TABLE b (x INTEGER);"}};
  auto applied = applyMigrations(*database, second, at(20));
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_TRUE(tableExists(*database, "b"));
  EXPECT_EQ(appliedMigrations(*database),
            (std::vector<AppliedMigration>{{1, "a", 10}, {5, "b", 20}}));
}

TEST(SqliteMigrations, RollsBackAFailedMigrationEntirely) {
  TempDatabasePath path;
  auto database = openDatabase(path);
  ASSERT_TRUE(database);
  const std::vector<Migration> migrations = {
      {1, "good", "CREATE TABLE a (x INTEGER);"},
      {2, "bad", "CREATE TABLE b (x INTEGER); INSERT INTO missing VALUES (1);"},
      {3, "never", "CREATE TABLE c (x INTEGER);"}};
  auto applied = applyMigrations(*database, migrations, at(10));
  ASSERT_FALSE(applied.ok());
  EXPECT_NE(applied.error().message.find("migration 2"), std::string::npos);
  EXPECT_TRUE(tableExists(*database, "a"));
  EXPECT_FALSE(tableExists(*database, "b"));
  EXPECT_FALSE(tableExists(*database, "c"));
  EXPECT_EQ(appliedMigrations(*database), (std::vector<AppliedMigration>{{1, "good", 10}}));
}

TEST(SqliteMigrations, RefusesAListOutOfOrder) {
  TempDatabasePath path;
  auto database = openDatabase(path);
  ASSERT_TRUE(database);
  const std::vector<Migration> migrations = {{2, "b", "CREATE TABLE b (x INTEGER);"},
                                             {1, "a", "CREATE TABLE a (x INTEGER);"}};
  EXPECT_FALSE(applyMigrations(*database, migrations, at(10)).ok());
  EXPECT_FALSE(tableExists(*database, "a"));
  EXPECT_FALSE(tableExists(*database, "b"));
}

TEST(SqliteMigrations, RefusesADatabaseNewerThanTheServer) {
  TempDatabasePath path;
  auto database = openDatabase(path);
  ASSERT_TRUE(database);
  const std::vector<Migration> newer = {{1, "a", "CREATE TABLE a (x INTEGER);"},
                                        {2, "b", "CREATE TABLE b (x INTEGER);"}};
  ASSERT_TRUE(applyMigrations(*database, newer, at(10)).ok());
  auto older = applyMigrations(*database, std::span(newer).first(1), at(20));
  ASSERT_FALSE(older.ok());
  EXPECT_EQ(older.error().kind, ErrorKind::kInternal);
}

}  // namespace
}  // namespace chat::sqlite::testing
