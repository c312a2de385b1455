#include "app/indicate_typing.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;
using Typing = std::vector<std::pair<GroupId, UserId>>;

class IndicateTypingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    owner = app.addUser("owner");
    bob = app.addUser("bob");
    group = app.groups().addGroup("g", owner.user_id, {bob.user_id});
  }
  Status typing(const Principal& who, GroupId id) { return use_case.handle({who, id}); }

  FakeApp app;
  IndicateTyping use_case{app.context};
  Principal owner;
  Principal bob;
  GroupId group = 0;
};

TEST_F(IndicateTypingTest, AMemberTypingIsToldToTheRealTimeSide) {
  EXPECT_TRUE(typing(bob, group).ok());
  EXPECT_EQ(app.events.typing(), (Typing{{group, bob.user_id}}));
}

TEST_F(IndicateTypingTest, NonMembersAndMissingGroupsAreRefusedAndNothingIsTold) {
  const Principal carol = app.addUser("carol");
  auto refused = typing(carol, group);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  auto missing = typing(bob, group + 100);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_TRUE(app.events.typing().empty());
}

TEST_F(IndicateTypingTest, EachUserHasABurstThenOneASecondOverEveryGroup) {
  const GroupId other = app.groups().addGroup("h", owner.user_id, {bob.user_id});
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(typing(bob, i % 2 ? other : group).ok());
  auto limited = use_case.handleForMember({bob, other});
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().kind, ErrorKind::kRateLimited);
  EXPECT_EQ(limited.error().retry_after_seconds, 1);
  EXPECT_TRUE(typing(owner, group).ok());  // another user's budget is their own

  app.clock.advance(std::chrono::milliseconds(1000));
  EXPECT_TRUE(use_case.handleForMember({bob, group}).ok());
  EXPECT_FALSE(use_case.handleForMember({bob, group}).ok());
  EXPECT_EQ(app.events.typing().size(), 5u);
}

TEST_F(IndicateTypingTest, StorageFailurePassesThroughAndNothingIsTold) {
  app.groups().failure = Error::unavailable("database is down");
  auto failed = typing(bob, group);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().kind, ErrorKind::kUnavailable);
  EXPECT_TRUE(app.events.typing().empty());
}

}  // namespace
}  // namespace chat
