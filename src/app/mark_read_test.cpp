#include "app/mark_read.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;

class MarkReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    owner = app.addUser("owner");
    bob = app.addUser("bob");
    group = app.groups().addGroup("g", owner.user_id, {bob.user_id});
    app.groups().setLastSeq(group, 10);
  }
  Result<ReadMarker> mark(const Principal& who, GroupId id, Seq seq) {
    return use_case.handle({who, id, seq});
  }

  FakeApp app;
  MarkRead use_case{app.context};
  Principal owner;
  Principal bob;
  GroupId group = 0;
};

TEST_F(MarkReadTest, AMemberMarksAndTheirConnectionsAreTold) {
  auto marked = mark(bob, group, 7);
  ASSERT_TRUE(marked.ok()) << marked.error().message;
  EXPECT_EQ(marked->last_read_seq, 7);
  EXPECT_EQ(marked->last_seq, 10);
  EXPECT_EQ(marked->unread(), 3);
  auto told = app.events.readMarkers();
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].first, bob.user_id);
  EXPECT_EQ(told[0].second.group_id, group);
  EXPECT_EQ(told[0].second.last_read_seq, 7);
}

TEST_F(MarkReadTest, NonMembersMissingGroupsAndNegativeSeqsAreRefusedAndNothingIsTold) {
  const Principal carol = app.addUser("carol");
  auto refused = mark(carol, group, 1);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  auto missing = mark(bob, group + 100, 1);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  auto negative = mark(bob, group, -1);
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().kind, ErrorKind::kInvalid);
  EXPECT_TRUE(app.events.readMarkers().empty());
}

TEST_F(MarkReadTest, EachUserHasABurstThenFiveASecondOverEveryGroup) {
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(mark(bob, group, i).ok()) << i;
  auto limited = mark(bob, group, 10);
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().kind, ErrorKind::kRateLimited);
  EXPECT_EQ(limited.error().retry_after_seconds, 1);
  EXPECT_TRUE(mark(owner, group, 10).ok());  // another user's budget is their own

  app.clock.advance(std::chrono::milliseconds(200));
  EXPECT_TRUE(mark(bob, group, 10).ok());
  EXPECT_FALSE(mark(bob, group, 10).ok());
}

TEST_F(MarkReadTest, StorageFailurePassesThroughAndNothingIsTold) {
  app.groups().failure = Error::unavailable("down");
  auto failed = mark(bob, group, 1);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().kind, ErrorKind::kUnavailable);
  EXPECT_TRUE(app.events.readMarkers().empty());
}

}  // namespace
}  // namespace chat
