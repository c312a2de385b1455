#include "adapters/storage/sqlite/sqlite_checkpointer.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "adapters/storage/sqlite/sqlite_database.hpp"
#include "adapters/storage/sqlite/sqlite_test_support.hpp"

namespace chat::sqlite {
namespace {

using testing::TempDatabasePath;

std::uintmax_t fileSize(const std::string& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  return error ? 0 : size;
}

// Writes rows in many small transactions, so that the WAL grows past the threshold often.
void writeRows(Database& database, int transactions) {
  for (int i = 0; i < transactions; ++i) {
    auto written = database.write([&](Connection& connection) -> Result<bool> {
      auto insert = connection.prepare("INSERT INTO t (payload) VALUES (?)");
      if (!insert) return insert.error();
      if (auto done = insert->bindText(1, std::string(2000, 'x')).run(); !done) {
        return done.error();
      }
      return true;
    });
    ASSERT_TRUE(written.ok()) << written.error().message;
  }
}

TEST(SqliteCheckpointer, CopiesTheWalIntoTheDatabaseFileOffTheWriter) {
  TempDatabasePath path;
  auto opened = Database::open(path.str(), {.reader_connections = 1, .checkpoint_pages = 16});
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Database& database = **opened;
  ASSERT_TRUE(database.write([](Connection& connection) -> Result<bool> {
    if (auto made = connection.exec("CREATE TABLE t (payload TEXT)"); !made) return made.error();
    return true;
  }));
  const auto before = fileSize(path.str());

  // At most two WAL frames each: never so many that the writer would checkpoint itself.
  writeRows(database, 60);

  // The rows reach the database file only through a checkpoint; the thread runs it.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (fileSize(path.str()) < before + 50 * 2000 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_GE(fileSize(path.str()), before + 50 * 2000);
  auto count = database.read([](Connection& connection) -> Result<std::int64_t> {
    auto select = connection.prepare("SELECT count(*) FROM t");
    if (!select) return select.error();
    auto row = select->step();
    if (!row) return row.error();
    return select->columnInt(0);
  });
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 60);
}

TEST(SqliteCheckpointer, AsksTheWriterToCheckpointWhenFarBehind) {
  TempDatabasePath path;
  auto connection = Connection::open(path.str(), ConnectionRole::kWriter, std::chrono::seconds(1));
  ASSERT_TRUE(connection.ok());
  Checkpointer checkpointer(std::move(connection).value(), 10);
  EXPECT_TRUE(checkpointer.walGrew(5));
  EXPECT_TRUE(checkpointer.walGrew(10));
  EXPECT_TRUE(checkpointer.walGrew(79));
  EXPECT_FALSE(checkpointer.walGrew(80));
}

}  // namespace
}  // namespace chat::sqlite
