#pragma once
// Test helpers: a unique temporary database file (removed with its WAL files afterwards)
// and a storage opened on it with a few users and groups. Used by one test at a time.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "adapters/storage/sqlite/sqlite_storage.hpp"

namespace chat::sqlite::testing {

class TempDatabasePath {
 public:
  TempDatabasePath() {
    static std::atomic<int> counter{0};
    std::random_device random;
    path_ = (std::filesystem::temp_directory_path() /
             ("chat-sqlite-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
              "-" + std::to_string(random()) + ".db"))
                .string();
  }
  TempDatabasePath(const TempDatabasePath&) = delete;
  TempDatabasePath& operator=(const TempDatabasePath&) = delete;
  ~TempDatabasePath() {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(path_ + suffix, ignored);
    }
  }
  const std::string& str() const { return path_; }

 private:
  std::string path_;
};

inline Timestamp at(std::int64_t ms) {
  return Timestamp{std::chrono::milliseconds{ms}};
}

// A fresh storage in a temp file; `path` must be declared first so it outlives `storage`.
class StorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStorage::open(path.str());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    storage = std::move(opened).value();
  }

  UserId addUser(const std::string& name) {
    auto id = storage->users().add(
        NewUser{name, "First", "Last", name + "@example.com", "hash-of-" + name}, at(1000));
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? id->id : 0;
  }

  GroupId createGroup(const std::string& name, UserId owner) {
    auto id = storage->groups().create(name, owner, GroupVisibility::kPublic, at(2000));
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? id->id : 0;
  }

  TempDatabasePath path;
  std::unique_ptr<SqliteStorage> storage;
};

}  // namespace chat::sqlite::testing
