#include "adapters/storage/sqlite/sqlite_storage.hpp"
#include "app/ports/append_and_wait_test_support.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "adapters/storage/sqlite/sqlite_test_support.hpp"

namespace chat::sqlite::testing {
namespace {

using SqliteStorageTest = StorageTest;

TEST_F(SqliteStorageTest, PingsTheDatabase) {
  EXPECT_TRUE(storage->ping().ok());
}

TEST_F(SqliteStorageTest, PutsTheFileInWalMode) {
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open(path.str().c_str(), &handle), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(handle, "PRAGMA journal_mode", -1, &statement, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "wal");
  sqlite3_finalize(statement);
  sqlite3_close(handle);
}

TEST(SqliteStorageOpen, ReportsAnUnreachableFileAsUnavailable) {
  auto opened = SqliteStorage::open("/nonexistent-directory/chat/chat.db");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().kind, ErrorKind::kUnavailable);
}

TEST(SqliteStorageOpen, WorksInMemoryWithTheWriterOnly) {
  auto opened = SqliteStorage::open(":memory:");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  SqliteStorage& storage = **opened;
  auto id = storage.users().add(NewUser{"alice", "A", "L", "a@x", "h"}, at(1));
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto found = storage.users().findByName("ALICE");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, id->id);
  EXPECT_TRUE(storage.ping().ok());
}

TEST(SqliteStorageOpen, WorksWithoutReaderConnections) {
  TempDatabasePath path;
  auto opened = SqliteStorage::open(path.str(), {.reader_connections = 0});
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_TRUE((*opened)->ping().ok());
  auto found = (*opened)->users().findById(1);
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
}

TEST(SqliteStorageOpen, SeesDataWrittenBeforeReopening) {
  TempDatabasePath path;
  UserId id = 0;
  {
    auto first = SqliteStorage::open(path.str());
    ASSERT_TRUE(first.ok());
    auto added = (*first)->users().add(NewUser{"bob", "B", "L", "b@x", "h"}, at(1));
    ASSERT_TRUE(added.ok());
    id = added->id;
  }
  auto second = SqliteStorage::open(path.str());
  ASSERT_TRUE(second.ok()) << second.error().message;
  auto found = (*second)->users().findById(id);
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->user_name, "bob");
}

// Another process holding the write lock longer than busy_timeout makes writes fail as
// kUnavailable; a failed batch stores nothing and fails every entry.
TEST(SqliteStorageOpen, ReportsALockedDatabaseAsUnavailableAndStoresNothing) {
  TempDatabasePath path;
  auto opened = SqliteStorage::open(path.str(), {.busy_timeout = std::chrono::milliseconds(50)});
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  SqliteStorage& storage = **opened;
  auto alice = storage.users().add(NewUser{"alice", "A", "L", "a@x", "h"}, at(1));
  ASSERT_TRUE(alice.ok());
  auto group = storage.groups().create("g", alice->id, GroupVisibility::kPublic, at(2));
  ASSERT_TRUE(group.ok());

  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.str().c_str(), &other), SQLITE_OK);
  // The committer may be indexing for search at this moment: wait for it.
  sqlite3_busy_timeout(other, 5000);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);

  std::vector<NewMessage> batch = {{group->id, alice->id, "secret text one", at(3), std::nullopt},
                                   {group->id, alice->id, "secret text two", at(4), "client-id"}};
  auto outcomes = storage.messages().appendBatch(batch);
  ASSERT_EQ(outcomes.size(), 2u);
  for (const auto& outcome : outcomes) {
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.error().kind, ErrorKind::kUnavailable);
    EXPECT_EQ(outcome.error().message.find("secret"), std::string::npos);
  }
  // Reads still work while another connection writes (WAL).
  EXPECT_TRUE(storage.ping().ok());

  ASSERT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);

  auto page = storage.messages().page(HistoryQuery{group->id, 10, std::nullopt, std::nullopt});
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->empty());
  // The writer recovers: the next append gets seq 1 (the failed batch used none).
  auto appended =
      appendAndWait(storage.messages(), {group->id, alice->id, "hello", at(5), std::nullopt});
  ASSERT_TRUE(appended.ok()) << appended.error().message;
  EXPECT_EQ(appended->message.seq, 1);
}

}  // namespace
}  // namespace chat::sqlite::testing
