#include "app/search_messages.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;

class SearchMessagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    owner = app.addUser("owner");
    bob = app.addUser("bob");
    group = app.groups().addGroup("g", owner.user_id, {bob.user_id});
  }
  Result<std::vector<Message>> find(const Principal& who, std::string text,
                                    std::optional<GroupId> in = std::nullopt,
                                    std::optional<MessageId> before = std::nullopt,
                                    std::optional<int> limit = std::nullopt) {
    return use_case.handle({who, std::move(text), in, before, limit});
  }

  FakeApp app;
  SearchMessages use_case{app.context};
  Principal owner;
  Principal bob;
  GroupId group = 0;
};

TEST_F(SearchMessagesTest, AsksStorageForTheCallersWordsAndAnswersItsMessages) {
  Message hit;
  hit.id = 4;
  hit.text = "deploy friday";
  app.messages().search_results = {hit};
  auto found = find(bob, " deploy  friday ", group, 9, 5);
  ASSERT_TRUE(found.ok()) << found.error().message;
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().id, 4);
  auto asked = app.messages().searches();
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0].reader, bob.user_id);
  EXPECT_EQ(asked[0].words, (std::vector<std::string>{"deploy", "friday"}));
  EXPECT_EQ(asked[0].group, group);
  EXPECT_EQ(asked[0].before, 9);
  EXPECT_EQ(asked[0].limit, 5);
}

TEST_F(SearchMessagesTest, PagesHaveADefaultSizeAndALimit) {
  ASSERT_TRUE(find(bob, "x").ok());
  EXPECT_EQ(app.messages().searches().back().limit, kDefaultSearchPageSize);
  EXPECT_EQ(app.messages().searches().back().group, std::nullopt);
  ASSERT_TRUE(find(bob, "x", std::nullopt, std::nullopt, kMaxSearchPageSize).ok());
  for (int limit : {0, kMaxSearchPageSize + 1}) {
    auto refused = find(bob, "x", std::nullopt, std::nullopt, limit);
    ASSERT_FALSE(refused.ok()) << limit;
    EXPECT_EQ(refused.error().kind, ErrorKind::kInvalid);
  }
  auto before = find(bob, "x", std::nullopt, 0);
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(app.messages().searches().size(), 2u);
}

TEST_F(SearchMessagesTest, ABlankQueryIsRefusedBeforeStorage) {
  auto refused = find(bob, "  ?! ");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalid);
  EXPECT_TRUE(app.messages().searches().empty());
}

TEST_F(SearchMessagesTest, AGroupToSearchMustBeTheCallers) {
  const Principal carol = app.addUser("carol");
  auto refused = find(carol, "x", group);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  auto missing = find(bob, "x", group + 100);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_TRUE(app.messages().searches().empty());
  EXPECT_TRUE(find(carol, "x").ok());  // over no group at all: storage finds nothing of g
}

TEST_F(SearchMessagesTest, EachUserHasABurstThenAFewAMinute) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(find(bob, "x").ok()) << i;
  auto limited = find(bob, "x");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().kind, ErrorKind::kRateLimited);
  EXPECT_EQ(limited.error().retry_after_seconds, 1);
  EXPECT_TRUE(find(owner, "x").ok());  // another user's budget is their own
  app.clock.advance(std::chrono::seconds(1));
  EXPECT_TRUE(find(bob, "x").ok());
}

TEST_F(SearchMessagesTest, StorageFailurePassesThrough) {
  app.messages().page_failure = Error::unavailable("down");
  auto failed = find(bob, "x");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().kind, ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace chat
