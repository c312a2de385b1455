#include "adapters/storage/sqlite/sqlite_connection.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "adapters/storage/sqlite/sqlite_test_support.hpp"

namespace chat::sqlite::testing {
namespace {

constexpr std::chrono::milliseconds kBusyTimeout{1000};

std::int64_t pragmaValue(Connection& connection, const char* sql) {
  auto statement = connection.prepare(sql);
  EXPECT_TRUE(statement.ok());
  if (!statement) return -1;
  auto row = statement->step();
  EXPECT_TRUE(row.ok() && *row);
  return statement->columnInt(0);
}

TEST(SqliteConnection, WriterIsDurableAndEnforcesForeignKeys) {
  TempDatabasePath path;
  auto writer = Connection::open(path.str(), ConnectionRole::kWriter, kBusyTimeout);
  ASSERT_TRUE(writer.ok()) << writer.error().message;
  EXPECT_EQ(pragmaValue(**writer, "PRAGMA synchronous"), 2);  // FULL
  EXPECT_EQ(pragmaValue(**writer, "PRAGMA foreign_keys"), 1);
  EXPECT_EQ(pragmaValue(**writer, "PRAGMA busy_timeout"), 1000);
  auto mode = (*writer)->prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok());
  ASSERT_TRUE(mode->step().ok());
  EXPECT_EQ(mode->columnText(0), "wal");
}

TEST(SqliteConnection, ReaderRefusesToWrite) {
  TempDatabasePath path;
  auto writer = Connection::open(path.str(), ConnectionRole::kWriter, kBusyTimeout);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->exec("CREATE TABLE t (x INTEGER)").ok());
  auto reader = Connection::open(path.str(), ConnectionRole::kReader, kBusyTimeout);
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  EXPECT_EQ(pragmaValue(**reader, "PRAGMA query_only"), 1);
  EXPECT_FALSE((*reader)->exec("INSERT INTO t VALUES (1)").ok());
}

TEST(SqliteConnection, ReaderDoesNotCreateAMissingFile) {
  TempDatabasePath path;
  auto reader = Connection::open(path.str(), ConnectionRole::kReader, kBusyTimeout);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.error().kind, ErrorKind::kUnavailable);
}

TEST(SqliteConnection, ReusesCachedStatementsAndAllowsNestedUseOfTheSameSql) {
  TempDatabasePath path;
  auto opened = Connection::open(path.str(), ConnectionRole::kWriter, kBusyTimeout);
  ASSERT_TRUE(opened.ok());
  Connection& connection = **opened;
  ASSERT_TRUE(connection.exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2);").ok());
  constexpr const char* kSql = "SELECT x FROM t WHERE x >= ? ORDER BY x";
  for (int round = 0; round < 3; ++round) {
    auto outer = connection.prepare(kSql);
    ASSERT_TRUE(outer.ok());
    ASSERT_TRUE(*outer->bindInt(1, 1).step());
    EXPECT_EQ(outer->columnInt(0), 1);
    // The same SQL while the cached statement is mid-way: must not disturb it.
    auto inner = connection.prepare(kSql);
    ASSERT_TRUE(inner.ok());
    ASSERT_TRUE(*inner->bindInt(1, 2).step());
    EXPECT_EQ(inner->columnInt(0), 2);
    ASSERT_TRUE(*outer->step());
    EXPECT_EQ(outer->columnInt(0), 2);
    EXPECT_FALSE(*outer->step());
  }
}

TEST(SqliteConnection, KeepsSqlitesOwnWordsOutOfTheClientsMessage) {
  TempDatabasePath path;
  auto writer = Connection::open(path.str(), ConnectionRole::kWriter, kBusyTimeout);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->exec("CREATE TABLE t (x INTEGER)").ok());
  auto reader = Connection::open(path.str(), ConnectionRole::kReader, kBusyTimeout);
  ASSERT_TRUE(reader.ok());
  auto refused = (*reader)->exec("INSERT INTO t VALUES (1)");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(refused.error().message, "The database is not available; retry shortly");
  EXPECT_NE(refused.error().detail.find("readonly"), std::string::npos) << refused.error().detail;

  auto broken = (*writer)->prepare("SELECT * FROM no_such_table");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().message.find("no_such_table"), std::string::npos);
  EXPECT_NE(broken.error().detail.find("no_such_table"), std::string::npos);
}

TEST(SqliteConnection, ReportsBindAndPrepareFailuresAsErrors) {
  TempDatabasePath path;
  auto opened = Connection::open(path.str(), ConnectionRole::kWriter, kBusyTimeout);
  ASSERT_TRUE(opened.ok());
  auto statement = (*opened)->prepare("SELECT ?");
  ASSERT_TRUE(statement.ok());
  auto row = statement->bindText(2, "bound-value-xyz").step();
  ASSERT_FALSE(row.ok());
  EXPECT_EQ(row.error().kind, ErrorKind::kInternal);
  EXPECT_EQ(row.error().message.find("bound-value-xyz"), std::string::npos);

  auto broken = (*opened)->prepare("SELEKT 1");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().kind, ErrorKind::kInternal);
}

}  // namespace
}  // namespace chat::sqlite::testing
