#include "adapters/signalr/followed_groups.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace chat::signalr {
namespace {

TEST(FollowedGroups, FollowsAGroupWhileAnyLoopHasASubscriber) {
  std::vector<std::pair<GroupId, bool>> changes;
  FollowedGroups followed(
      [&changes](GroupId group, bool following) { changes.emplace_back(group, following); });
  followed.loopInterest(5, true);  // loop 1
  followed.loopInterest(5, true);  // loop 2
  followed.loopInterest(6, true);
  followed.loopInterest(5, false);  // loop 1 done, loop 2 still reads
  EXPECT_EQ(changes.size(), 2u);
  auto all = followed.all();
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (std::vector<GroupId>{5, 6}));
  followed.loopInterest(5, false);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[2], std::make_pair(GroupId{5}, false));
  EXPECT_EQ(followed.all(), (std::vector<GroupId>{6}));
}

TEST(FollowedGroups, IgnoresALossItNeverGained) {
  int changes = 0;
  FollowedGroups followed([&changes](GroupId, bool) { ++changes; });
  followed.loopInterest(5, false);
  EXPECT_EQ(changes, 0);
  EXPECT_TRUE(followed.all().empty());
}

}  // namespace
}  // namespace chat::signalr
