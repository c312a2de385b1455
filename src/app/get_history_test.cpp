#include "app/get_history.hpp"
#include "app/ports/append_and_wait_test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;
using ::testing::ElementsAre;

class GetHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alice = app.addUser("alice");
    bob = app.addUser("bob");
    group = app.groups().addGroup("g", alice.user_id);
    for (int i = 1; i <= 5; ++i) {
      auto stored = appendAndWait(
          app.messages(),
          NewMessage{group, alice.user_id, "m" + std::to_string(i), app.clock.now(), {}});
      ASSERT_TRUE(stored.ok());
    }
  }
  Result<std::vector<Message>> history(std::optional<int> limit, std::optional<Seq> before,
                                       std::optional<Seq> after, GroupId id = 0) {
    return use_case.handle({alice, id == 0 ? group : id, limit, before, after});
  }
  static std::vector<Seq> seqs(const std::vector<Message>& messages) {
    std::vector<Seq> seqs;
    for (const Message& m : messages) seqs.push_back(m.seq);
    return seqs;
  }
  static void expectInvalid(const Result<std::vector<Message>>& result,
                            const std::string& message) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::kInvalid);
    EXPECT_EQ(result.error().message, message);
  }

  FakeApp app;
  GetHistory use_case{app.context};
  Principal alice;
  Principal bob;
  GroupId group = 0;
};

TEST_F(GetHistoryTest, ReturnsTheStoredPageOldestFirst) {
  auto page = history(std::nullopt, std::nullopt, std::nullopt);
  ASSERT_TRUE(page.ok());
  EXPECT_THAT(seqs(*page), ElementsAre(1, 2, 3, 4, 5));
  EXPECT_EQ(page->front().text, "m1");
  EXPECT_EQ(page->front().sender_name, "alice");
}

TEST_F(GetHistoryTest, DefaultLimitIsTheDefaultPageSize) {
  ASSERT_TRUE(history(std::nullopt, std::nullopt, std::nullopt).ok());
  auto queries = app.messages().queries();
  ASSERT_EQ(queries.size(), 1u);
  EXPECT_EQ(queries[0].group_id, group);
  EXPECT_EQ(queries[0].limit, 100);
  EXPECT_FALSE(queries[0].before.has_value());
  EXPECT_FALSE(queries[0].after.has_value());

  app.context.limits.default_page_size = 7;
  ASSERT_TRUE(history(std::nullopt, std::nullopt, std::nullopt).ok());
  EXPECT_EQ(app.messages().queries().back().limit, 7);
}

TEST_F(GetHistoryTest, PassesTheQueryThrough) {
  auto page = history(2, 5, 1);
  ASSERT_TRUE(page.ok());
  EXPECT_THAT(seqs(*page), ElementsAre(3, 4));
  const HistoryQuery query = app.messages().queries().back();
  EXPECT_EQ(query.group_id, group);
  EXPECT_EQ(query.limit, 2);
  EXPECT_EQ(query.before, 5);
  EXPECT_EQ(query.after, 1);

  auto forward = history(2, std::nullopt, 2);
  ASSERT_TRUE(forward.ok());
  EXPECT_THAT(seqs(*forward), ElementsAre(3, 4));
  auto backward = history(2, 4, std::nullopt);
  ASSERT_TRUE(backward.ok());
  EXPECT_THAT(seqs(*backward), ElementsAre(2, 3));
}

TEST_F(GetHistoryTest, LimitIsOneToMaxPageSize) {
  const std::string message = "limit must be between 1 and 1000";
  expectInvalid(history(0, std::nullopt, std::nullopt), message);
  expectInvalid(history(-1, std::nullopt, std::nullopt), message);
  expectInvalid(history(1001, std::nullopt, std::nullopt), message);
  EXPECT_TRUE(history(1, std::nullopt, std::nullopt).ok());
  EXPECT_TRUE(history(1000, std::nullopt, std::nullopt).ok());
  EXPECT_EQ(app.messages().queries().size(), 2u);  // invalid queries never reach storage
}

TEST_F(GetHistoryTest, MaxPageSizeComesFromTheContext) {
  app.context.limits.max_page_size = 10;
  expectInvalid(history(11, std::nullopt, std::nullopt), "limit must be between 1 and 10");
  EXPECT_TRUE(history(10, std::nullopt, std::nullopt).ok());
}

TEST_F(GetHistoryTest, BeforeIsAtLeastOneAndAfterAtLeastZero) {
  const std::string message = "before must be at least 1 and after at least 0";
  expectInvalid(history(std::nullopt, 0, std::nullopt), message);
  expectInvalid(history(std::nullopt, -5, std::nullopt), message);
  expectInvalid(history(std::nullopt, std::nullopt, -1), message);
  expectInvalid(history(std::nullopt, 3, -1), message);

  auto before_one = history(std::nullopt, 1, std::nullopt);
  ASSERT_TRUE(before_one.ok());
  EXPECT_TRUE(before_one->empty());
  auto after_zero = history(std::nullopt, std::nullopt, 0);
  ASSERT_TRUE(after_zero.ok());
  EXPECT_EQ(after_zero->size(), 5u);
}

TEST_F(GetHistoryTest, NonMemberIsForbidden) {
  auto result = use_case.handle({bob, group, std::nullopt, std::nullopt, std::nullopt});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(result.error().message,
            "Can not retrieve messages of a group which the player has not joined yet");
  EXPECT_TRUE(app.messages().queries().empty());
}

TEST_F(GetHistoryTest, MissingGroupIsNotFound) {
  auto result = history(std::nullopt, std::nullopt, std::nullopt, group + 100);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(result.error().message, "Group not found");
  EXPECT_TRUE(app.messages().queries().empty());
}

TEST_F(GetHistoryTest, StorageFailuresPassThrough) {
  app.messages().page_failure = Error::unavailable("database is down");
  auto page = history(std::nullopt, std::nullopt, std::nullopt);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().kind, ErrorKind::kUnavailable);

  app.groups().failure = Error::internal("broken");
  auto membership = history(std::nullopt, std::nullopt, std::nullopt);
  ASSERT_FALSE(membership.ok());
  EXPECT_EQ(membership.error().kind, ErrorKind::kInternal);
}

}  // namespace
}  // namespace chat
