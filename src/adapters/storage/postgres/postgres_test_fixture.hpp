#pragma once
// A gtest fixture for the engine's own tests: a fresh schema on the CHAT_TEST_POSTGRES_URL
// server with a storage ("node") on it, and more nodes on the same schema on demand, as
// several servers share one database. Skips the test when the variable is unset (CI
// sets it). One test thread uses it.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <memory>
#include <string>

#include "adapters/storage/postgres/postgres_test_support.hpp"
#include "app/ports/append_and_wait_test_support.hpp"

namespace chat::postgres::testing {

inline Timestamp at(std::int64_t ms) {
  return Timestamp{std::chrono::milliseconds{ms}};
}

// The port `url` names (5432 when it names none).
inline std::uint16_t portOf(const std::string& url) {
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(url.c_str(), nullptr), &PQconninfoFree);
  for (const PQconninfoOption* option = options.get(); option && option->keyword; ++option) {
    if (std::string_view(option->keyword) == "port" && option->val && *option->val) {
      return static_cast<std::uint16_t>(std::stoi(option->val));
    }
  }
  return 5432;
}

class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto url = testServerUrl();
    if (!url) GTEST_SKIP() << "CHAT_TEST_POSTGRES_URL is not set";
    url_ = *url;
    schema_ = std::make_unique<TestSchema>(url_);
    ASSERT_TRUE(schema_->ok()) << schema_->error().detail;
    node = openNode();
    ASSERT_NE(node, nullptr);
  }

  // Another storage on the same schema, as a second server would be.
  std::unique_ptr<PostgresStorage> openNode(PostgresOptions options = {}) {
    for (auto& parameter : schema_->overrides()) options.overrides.push_back(parameter);
    auto opened = PostgresStorage::open(url_, std::move(options));
    EXPECT_TRUE(opened.ok()) << opened.error().message << ": " << opened.error().detail;
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  UserId addUser(const std::string& name) {
    auto id =
        node->users().add(NewUser{name, "First", "Last", name + "@example.com", "hash"}, at(1000));
    EXPECT_TRUE(id.ok()) << id.error().detail;
    return id.ok() ? id->id : 0;
  }

  GroupId createGroup(const std::string& name, UserId owner) {
    auto id = node->groups().create(name, owner, GroupVisibility::kPublic, at(2000));
    EXPECT_TRUE(id.ok()) << id.error().detail;
    return id.ok() ? id->id : 0;
  }

  const std::string& url() const { return url_; }
  const TestSchema& schema() const { return *schema_; }

 private:
  std::string url_;
  std::unique_ptr<TestSchema> schema_;  // declared before the nodes: dropped after them

 protected:
  std::unique_ptr<PostgresStorage> node;
};

}  // namespace chat::postgres::testing
