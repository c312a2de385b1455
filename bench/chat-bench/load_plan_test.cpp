#include "load_plan.hpp"

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

namespace chat::bench {
namespace {

TEST(LoadPlan, MembersThenSendersWithUsersInBlocks) {
  const LoadPlan plan{3, 4, 2, 5};  // 12 members, 2 senders, 5 connections per user
  EXPECT_EQ(plan.memberCount(), 12u);
  EXPECT_EQ(plan.connectionCount(), 14u);
  EXPECT_EQ(plan.memberUserCount(), 3u);
  EXPECT_EQ(plan.userCount(), 4u);
  EXPECT_EQ(plan.groupOfMember(0), 0u);
  EXPECT_EQ(plan.groupOfMember(11), 2u);
  EXPECT_EQ(plan.userOf(4), 0u);
  EXPECT_EQ(plan.userOf(5), 1u);
  EXPECT_EQ(plan.senderConnection(1), 13u);
  EXPECT_EQ(plan.userOf(13), 3u);  // senders' users come after the members' users
}

TEST(LoadPlan, EveryGroupHasASenderWhenThereAreMoreGroups) {
  const LoadPlan plan{10, 1, 3, 100};
  std::multiset<std::size_t> covered;
  for (std::size_t s = 0; s < 3; ++s) {
    for (std::size_t g : plan.groupsOfSender(s)) covered.insert(g);
  }
  EXPECT_EQ(covered.size(), 10u);
  for (std::size_t g = 0; g < 10; ++g) EXPECT_EQ(covered.count(g), 1u);
  EXPECT_EQ(plan.groupsOfSender(1), (std::vector<std::size_t>{1, 4, 7}));
}

TEST(LoadPlan, MoreSendersThanGroupsShareThem) {
  const LoadPlan plan{2, 0, 5, 100};
  EXPECT_EQ(plan.groupsOfSender(0), (std::vector<std::size_t>{0}));
  EXPECT_EQ(plan.groupsOfSender(3), (std::vector<std::size_t>{1}));
}

TEST(LoadPlan, JoinsCoverEveryConnectionButTheCreators) {
  const LoadPlan plan{4, 3, 2, 2};
  const auto creators = plan.creators();
  const auto joins = plan.joins();
  const std::set<std::pair<std::size_t, std::size_t>> joined(joins.begin(), joins.end());
  EXPECT_EQ(joined.size(), joins.size()) << "no repeats";
  auto member = [&](std::size_t user, std::size_t group) {
    return creators[group] == user || joined.count({user, group});
  };
  for (std::size_t c = 0; c < plan.memberCount(); ++c) {
    EXPECT_TRUE(member(plan.userOf(c), plan.groupOfMember(c))) << c;
  }
  for (std::size_t s = 0; s < plan.senders; ++s) {
    for (std::size_t g : plan.groupsOfSender(s)) {
      EXPECT_TRUE(member(plan.userOf(plan.senderConnection(s)), g)) << s;
    }
  }
  for (std::size_t g = 0; g < plan.groups; ++g) EXPECT_FALSE(joined.count({creators[g], g}));
}

TEST(LoadPlan, SendOnlyGroupsAreCreatedBySenders) {
  const LoadPlan plan{6, 0, 3, 100};
  EXPECT_EQ(plan.userCount(), 1u);
  for (std::size_t creator : plan.creators()) EXPECT_EQ(creator, 0u);
  EXPECT_TRUE(plan.joins().empty());
}

}  // namespace
}  // namespace chat::bench
