// Groups and refresh tokens where several nodes share one database: the row and advisory
// locks hold across processes, not only across threads.
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>
#include <vector>

#include "adapters/storage/postgres/postgres_test_fixture.hpp"

namespace chat::postgres::testing {
namespace {

class PostgresNodes : public PostgresTest {
 protected:
  void SetUp() override {
    PostgresTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    second = openNode();
    ASSERT_NE(second, nullptr);
  }
  std::unique_ptr<PostgresStorage> second;
};

TEST_F(PostgresNodes, JoinsThroughTwoNodesNeverExceedTheMemberLimit) {
  constexpr int kLimit = 5;  // including the owner
  constexpr int kContenders = 16;
  const GroupId group = createGroup("popular", addUser("owner"));
  std::vector<UserId> contenders;
  for (int i = 0; i < kContenders; ++i) contenders.push_back(addUser("user" + std::to_string(i)));
  std::atomic<int> joined{0};
  std::atomic<int> full{0};
  std::latch start(kContenders);
  std::vector<std::thread> threads;
  for (int i = 0; i < kContenders; ++i) {
    Storage* storage = i % 2 ? static_cast<Storage*>(second.get()) : node.get();
    threads.emplace_back([&, storage, user = contenders[static_cast<std::size_t>(i)]] {
      start.arrive_and_wait();
      auto outcome = storage->groups().addMember(group, user, kLimit, at(3));
      if (outcome.ok() && *outcome == JoinOutcome::kJoined) ++joined;
      if (outcome.ok() && *outcome == JoinOutcome::kGroupFull) ++full;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(joined.load(), kLimit - 1);
  EXPECT_EQ(full.load(), kContenders - (kLimit - 1));
}

// A token stored through one node while another revokes its family ends up revoked,
// whichever of the two commits first.
TEST_F(PostgresNodes, ATokenStoredWhileItsFamilyIsRevokedElsewhereIsRevoked) {
  const UserId user = addUser("alice");
  for (int round = 0; round < 40; ++round) {
    const std::string family = "family-" + std::to_string(round);
    ASSERT_TRUE(node->refreshTokens().store({family + "-old", family, user, at(1000000)}).ok());
    std::latch start(2);
    std::thread revoke([&] {
      start.arrive_and_wait();
      EXPECT_TRUE(second->refreshTokens().revokeFamily(family).ok());
    });
    start.arrive_and_wait();
    const bool stored =
        node->refreshTokens().store({family + "-new", family, user, at(1000000)}).ok();
    revoke.join();
    ASSERT_TRUE(stored);
    auto consumed = node->refreshTokens().consume(family + "-new", at(1));
    ASSERT_TRUE(consumed.ok());
    EXPECT_EQ(consumed->state, RefreshTokenState::kRevoked) << "round " << round;
  }
}

}  // namespace
}  // namespace chat::postgres::testing
