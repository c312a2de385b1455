#pragma once
// The storage contract: what every engine must do, tested through the ports only. Each
// contract test runs once per engine (gtest value parameters); an engine joins by adding
// a line to engines(). Each test gets a fresh, empty storage.
//
// PostgreSQL joins when CHAT_TEST_POSTGRES_URL names a server where the tests may create
// schemas (scripts/start-postgres.sh); each test then gets a schema of its own.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "adapters/storage/memory/memory_storage.hpp"
#include "adapters/storage/postgres/postgres_test_support.hpp"
#include "adapters/storage/sqlite/sqlite_test_support.hpp"
#include "app/ports/storage.hpp"

namespace chat::storage_contract {

using sqlite::testing::at;

struct Engine {
  std::string name;
  // Opens an empty storage; `file` is a fresh path an engine on disk may use.
  std::function<std::unique_ptr<Storage>(const std::string& file)> open;
};

inline std::vector<Engine> engines() {
  std::vector<Engine> engines{
      {"Sqlite",
       [](const std::string& file) -> std::unique_ptr<Storage> {
         auto opened = SqliteStorage::open(file);
         return opened ? std::move(opened).value() : nullptr;
       }},
      {"Memory",
       [](const std::string&) -> std::unique_ptr<Storage> {
         return std::make_unique<MemoryStorage>();
       }},
  };
  if (auto url = postgres::testing::testServerUrl()) {
    engines.push_back({"Postgres", [url = *url](const std::string&) -> std::unique_ptr<Storage> {
                         auto opened = postgres::testing::SchemaStorage::open(url);
                         if (!opened) {
                           ADD_FAILURE() << "PostgreSQL: " << opened.error().message << ": "
                                         << opened.error().detail;
                           return nullptr;
                         }
                         return std::move(opened).value();
                       }});
  }
  return engines;
}

inline std::string engineName(const ::testing::TestParamInfo<Engine>& info) {
  return info.param.name;
}

class StorageContractTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    storage = GetParam().open(path.str());
    ASSERT_NE(storage, nullptr);
  }

  UserId addUser(const std::string& name) {
    auto id = storage->users().add(
        NewUser{name, "First", "Last", name + "@example.com", "hash-of-" + name}, at(1000));
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? id->id : 0;
  }

  GroupId createGroup(const std::string& name, UserId owner,
                      GroupVisibility visibility = GroupVisibility::kPublic) {
    auto id = storage->groups().create(name, owner, visibility, at(2000));
    EXPECT_TRUE(id.ok()) << id.error().message << " " << id.error().detail;
    return id.ok() ? id->id : 0;
  }

  sqlite::testing::TempDatabasePath path;  // outlives `storage`
  std::unique_ptr<Storage> storage;
};

}  // namespace chat::storage_contract

// Runs the contract tests of `Suite` over every engine.
#define CHAT_STORAGE_CONTRACT(Suite)                                                 \
  INSTANTIATE_TEST_SUITE_P(Engines, Suite,                                           \
                           ::testing::ValuesIn(::chat::storage_contract::engines()), \
                           ::chat::storage_contract::engineName)
