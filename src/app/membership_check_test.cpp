#include "app/membership_check.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeGroups;

TEST(RequireMember, MemberPasses) {
  FakeGroups groups;
  const GroupId group = groups.addGroup("g", 1, {2});
  EXPECT_TRUE(requireMember(groups, group, 1, "no").ok());
  EXPECT_TRUE(requireMember(groups, group, 2, "no").ok());
}

TEST(RequireMember, NonMemberIsForbiddenWithTheGivenRefusal) {
  FakeGroups groups;
  const GroupId group = groups.addGroup("g", 1);
  auto status = requireMember(groups, group, 3, "Members only");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(status.error().message, "Members only");
}

TEST(RequireMember, MissingGroupIsNotFound) {
  FakeGroups groups;
  auto status = requireMember(groups, 42, 1, "Members only");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(status.error().message, "Group not found");
}

TEST(RequireMember, StorageFailurePassesThrough) {
  FakeGroups groups;
  const GroupId group = groups.addGroup("g", 1);
  groups.failure = Error::unavailable("database is down");
  auto status = requireMember(groups, group, 1, "Members only");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(status.error().message, "database is down");
}

}  // namespace
}  // namespace chat
