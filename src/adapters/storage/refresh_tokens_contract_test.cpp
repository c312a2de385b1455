
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>
#include <vector>

#include "adapters/storage/storage_contract_test_support.hpp"

namespace chat::storage_contract {
namespace {

class RefreshTokensContract : public StorageContractTest {
 protected:
  void SetUp() override {
    StorageContractTest::SetUp();
    user = addUser("alice");
  }

  void store(const std::string& digest, const std::string& family, std::int64_t expires_ms) {
    auto stored = tokens().store(RefreshTokenRecord{digest, family, user, at(expires_ms)});
    ASSERT_TRUE(stored.ok()) << stored.error().message;
  }

  RefreshTokenState consume(const std::string& digest, std::int64_t now_ms) {
    auto consumed = tokens().consume(digest, at(now_ms));
    EXPECT_TRUE(consumed.ok()) << consumed.error().message;
    return consumed.ok() ? consumed->state : RefreshTokenState::kUnknown;
  }

  RefreshTokens& tokens() { return storage->refreshTokens(); }

  UserId user = 0;
};

CHAT_STORAGE_CONTRACT(RefreshTokensContract);

TEST_P(RefreshTokensContract, UnknownDigestLeavesTheRecordEmpty) {
  auto consumed = tokens().consume("never-issued", at(1));
  ASSERT_TRUE(consumed.ok());
  EXPECT_EQ(consumed->state, RefreshTokenState::kUnknown);
  EXPECT_TRUE(consumed->record.digest.empty());
  EXPECT_EQ(consumed->record.user_id, 0);
}

TEST_P(RefreshTokensContract, ValidOnceThenReusedWithTheRecordFilled) {
  store("d1", "fam", 1000);
  auto first = tokens().consume("d1", at(500));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->state, RefreshTokenState::kValid);
  EXPECT_EQ(first->record.digest, "d1");
  EXPECT_EQ(first->record.family, "fam");
  EXPECT_EQ(first->record.user_id, user);
  EXPECT_EQ(first->record.expires_at, at(1000));

  auto second = tokens().consume("d1", at(600));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->state, RefreshTokenState::kReused);
  EXPECT_EQ(second->record.family, "fam");
  EXPECT_EQ(second->record.user_id, user);
}

TEST_P(RefreshTokensContract, ExpiresAtItsExpiryTime) {
  store("d1", "fam", 1000);
  store("d2", "fam", 1000);
  EXPECT_EQ(consume("d1", 1000), RefreshTokenState::kExpired);
  EXPECT_EQ(consume("d2", 999), RefreshTokenState::kValid);
}

TEST_P(RefreshTokensContract, ExpiredTokenIsNotMarkedUsed) {
  store("d1", "fam", 1000);
  EXPECT_EQ(consume("d1", 2000), RefreshTokenState::kExpired);
  EXPECT_EQ(consume("d1", 2000), RefreshTokenState::kExpired);
}

TEST_P(RefreshTokensContract, RevokingAFamilyRevokesOnlyItsTokens) {
  store("a1", "family-a", 1000);
  store("a2", "family-a", 1000);
  store("b1", "family-b", 1000);
  ASSERT_TRUE(tokens().revokeFamily("family-a").ok());
  auto revoked = tokens().consume("a1", at(1));
  ASSERT_TRUE(revoked.ok());
  EXPECT_EQ(revoked->state, RefreshTokenState::kRevoked);
  EXPECT_EQ(revoked->record.family, "family-a");
  EXPECT_EQ(consume("a2", 1), RefreshTokenState::kRevoked);
  EXPECT_EQ(consume("b1", 1), RefreshTokenState::kValid);
  EXPECT_TRUE(tokens().revokeFamily("no-such-family").ok());
}

TEST_P(RefreshTokensContract, RevokedOutranksReusedWhichOutranksExpired) {
  store("used-then-revoked", "f1", 1000);
  EXPECT_EQ(consume("used-then-revoked", 1), RefreshTokenState::kValid);
  ASSERT_TRUE(tokens().revokeFamily("f1").ok());
  EXPECT_EQ(consume("used-then-revoked", 5000), RefreshTokenState::kRevoked);

  store("used-then-expired", "f2", 1000);
  EXPECT_EQ(consume("used-then-expired", 1), RefreshTokenState::kValid);
  EXPECT_EQ(consume("used-then-expired", 5000), RefreshTokenState::kReused);

  store("expired-and-revoked", "f3", 1000);
  ASSERT_TRUE(tokens().revokeFamily("f3").ok());
  EXPECT_EQ(consume("expired-and-revoked", 5000), RefreshTokenState::kRevoked);
}

TEST_P(RefreshTokensContract, TokenStoredIntoARevokedFamilyIsRevoked) {
  store("old", "fam", 1000);
  ASSERT_TRUE(tokens().revokeFamily("fam").ok());
  store("new", "fam", 1000);
  EXPECT_EQ(consume("new", 1), RefreshTokenState::kRevoked);
}

TEST_P(RefreshTokensContract, DuplicateDigestFailsWithoutRevealingIt) {
  store("secret-digest-value", "fam", 1000);
  auto again = tokens().store(RefreshTokenRecord{"secret-digest-value", "fam", user, at(1000)});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kInternal);
  EXPECT_EQ(again.error().message.find("secret-digest-value"), std::string::npos);
}

TEST_P(RefreshTokensContract, ConcurrentConsumesSeeValidOnlyOnce) {
  constexpr int kThreads = 8;
  store("contested", "fam", 1000);
  std::atomic<int> valid{0};
  std::atomic<int> reused{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      auto consumed = tokens().consume("contested", at(1));
      if (consumed.ok() && consumed->state == RefreshTokenState::kValid) ++valid;
      if (consumed.ok() && consumed->state == RefreshTokenState::kReused) ++reused;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(valid.load(), 1);
  EXPECT_EQ(reused.load(), kThreads - 1);
}

}  // namespace
}  // namespace chat::storage_contract
