#include "app/list_groups.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;

TEST(ListGroups, ListsEveryGroupByIdWithTheCallersMembership) {
  FakeApp app;
  const Principal alice = app.addUser("alice");
  const Principal bob = app.addUser("bob");
  const GroupId one = app.groups().addGroup("one", alice.user_id);
  const GroupId two = app.groups().addGroup("two", bob.user_id);
  const GroupId three = app.groups().addGroup("three", bob.user_id, {alice.user_id});

  ListGroups use_case(app.context);
  auto groups = use_case.handle({alice});
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->size(), 3u);
  EXPECT_EQ((*groups)[0].id, one);
  EXPECT_EQ((*groups)[0].name, "one");
  EXPECT_TRUE((*groups)[0].is_member);
  EXPECT_EQ((*groups)[1].id, two);
  EXPECT_FALSE((*groups)[1].is_member);
  EXPECT_EQ((*groups)[2].id, three);
  EXPECT_TRUE((*groups)[2].is_member);

  auto for_bob = use_case.handle({bob});
  ASSERT_TRUE(for_bob.ok());
  EXPECT_FALSE((*for_bob)[0].is_member);
  EXPECT_TRUE((*for_bob)[1].is_member);
}

TEST(ListGroups, EmptyWhenThereAreNoGroups) {
  FakeApp app;
  auto groups = ListGroups(app.context).handle({app.addUser("alice")});
  ASSERT_TRUE(groups.ok());
  EXPECT_TRUE(groups->empty());
}

TEST(ListGroups, StorageFailurePassesThrough) {
  FakeApp app;
  app.groups().failure = Error::unavailable("database is down");
  auto groups = ListGroups(app.context).handle({app.addUser("alice")});
  ASSERT_FALSE(groups.ok());
  EXPECT_EQ(groups.error().kind, ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace chat
