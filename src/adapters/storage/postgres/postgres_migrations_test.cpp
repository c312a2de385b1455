#include "adapters/storage/postgres/postgres_migrations.hpp"

#include <gtest/gtest.h>

#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "adapters/storage/postgres/postgres_schema.hpp"
#include "adapters/storage/postgres/postgres_test_fixture.hpp"

namespace chat::postgres::testing {
namespace {

struct AppliedMigration {
  std::int64_t version;
  std::string name;
  std::int64_t applied_at;
  bool operator==(const AppliedMigration&) const = default;
};

std::vector<AppliedMigration> appliedMigrations(const TestSchema& schema) {
  auto rows =
      schema.query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  EXPECT_TRUE(rows.ok()) << rows.error().detail;
  std::vector<AppliedMigration> applied;
  if (!rows.ok()) return applied;
  for (int row = 0; row < rows->rows(); ++row) {
    applied.push_back({rows->integer(row, 0), rows->string(row, 1), rows->integer(row, 2)});
  }
  return applied;
}

bool tableExists(const TestSchema& schema, const std::string& table) {
  auto rows =
      schema.query("SELECT to_regclass($1) IS NOT NULL", Params().add(schema.name() + "." + table));
  EXPECT_TRUE(rows.ok());
  return rows.ok() && rows->boolean(0, 0);
}

class PostgresMigrations : public PostgresTest {};

TEST(PostgresSchema, VersionsAreStrictlyIncreasing) {
  auto migrations = schemaMigrations();
  ASSERT_FALSE(migrations.empty());
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    EXPECT_LT(migrations[i - 1].version, migrations[i].version);
  }
}

TEST_F(PostgresMigrations, AFreshSchemaGetsEveryMigration) {
  const auto applied = appliedMigrations(schema());
  ASSERT_EQ(applied.size(), schemaMigrations().size());
  for (std::size_t i = 0; i < applied.size(); ++i) {
    EXPECT_EQ(applied[i].version, schemaMigrations()[i].version);
    EXPECT_EQ(applied[i].name, schemaMigrations()[i].name);
  }
  for (const char* table : {"users", "groups", "group_members", "messages", "refresh_tokens"}) {
    EXPECT_TRUE(tableExists(schema(), table)) << table;
  }
}

TEST_F(PostgresMigrations, ReopeningAppliesNone) {
  const auto first = appliedMigrations(schema());
  node.reset();
  node = openNode();
  ASSERT_NE(node, nullptr);
  EXPECT_EQ(appliedMigrations(schema()), first);  // same rows, same applied_at
}

TEST_F(PostgresMigrations, ANewerSchemaThanTheServerKnowsIsRefused) {
  ASSERT_TRUE(
      schema()
          .run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'x', 0)")
          .ok());
  auto opened = PostgresStorage::open(url(), schema().options());
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().detail.find("newer"), std::string::npos) << opened.error().detail;
}

// Nodes starting at once on an empty database: the advisory lock lets one migrate while
// the others wait, and then they find nothing left to do.
TEST_F(PostgresMigrations, NodesOpeningAFreshSchemaAtOnceApplyEachMigrationOnce) {
  TestSchema fresh(url());
  ASSERT_TRUE(fresh.ok());
  constexpr int kNodes = 4;
  std::latch start(kNodes);
  std::vector<std::thread> threads;
  std::vector<Status> opened(kNodes);
  for (int i = 0; i < kNodes; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      auto storage = PostgresStorage::open(url(), fresh.options());
      opened[static_cast<std::size_t>(i)] = storage.ok() ? Status() : Status(storage.error());
    });
  }
  for (auto& thread : threads) thread.join();
  for (const Status& status : opened) EXPECT_TRUE(status.ok()) << status.error().detail;
  EXPECT_EQ(appliedMigrations(fresh).size(), schemaMigrations().size());
}

}  // namespace
}  // namespace chat::postgres::testing
