#include "adapters/security/revoked_sessions.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace chat {
namespace {

using std::chrono::seconds;

class TestClock : public Clock {
 public:
  Timestamp now() override { return time.load(); }
  std::atomic<Timestamp> time{Timestamp(std::chrono::milliseconds(1'700'000'000'000))};
  void advance(seconds by) { time.store(time.load() + by); }
};

class RevokedSessionsTest : public ::testing::Test {
 protected:
  TestClock clock;
  RevokedSessions revoked{clock, {.remember_for = seconds(100), .max_sessions = 3}};
};

TEST_F(RevokedSessionsTest, RemembersAnEndedSession) {
  EXPECT_FALSE(revoked.contains("s1"));
  EXPECT_EQ(revoked.add("s1"), clock.now() + seconds(100));
  EXPECT_TRUE(revoked.contains("s1"));
  EXPECT_FALSE(revoked.contains("s2"));
  EXPECT_FALSE(revoked.add("s1"));  // already
  EXPECT_EQ(revoked.size(), 1u);
}

TEST_F(RevokedSessionsTest, TheEmptySessionIsNeverEnded) {
  EXPECT_FALSE(revoked.add(""));
  EXPECT_FALSE(revoked.contains(""));
}

TEST_F(RevokedSessionsTest, ForgetsOnceEveryTokenOfTheSessionExpired) {
  revoked.add("s1");
  clock.advance(seconds(99));
  revoked.add("s2");
  EXPECT_TRUE(revoked.contains("s1"));
  clock.advance(seconds(1));
  revoked.add("s3");  // forgetting happens as sessions are added
  EXPECT_FALSE(revoked.contains("s1"));
  EXPECT_TRUE(revoked.contains("s2"));
  EXPECT_EQ(revoked.size(), 2u);
}

TEST_F(RevokedSessionsTest, IsBoundedAndForgetsTheOldestFirst) {
  for (const char* id : {"s1", "s2", "s3", "s4"}) revoked.add(id);
  EXPECT_EQ(revoked.size(), 3u);
  EXPECT_FALSE(revoked.contains("s1"));
  EXPECT_TRUE(revoked.contains("s2"));
  EXPECT_TRUE(revoked.contains("s4"));
}

TEST_F(RevokedSessionsTest, AnotherNodesSessionIsRememberedUntilItsTimeAndNoLonger) {
  EXPECT_TRUE(revoked.addUntil("far", clock.now() + seconds(1000)));
  EXPECT_TRUE(revoked.addUntil("near", clock.now() + seconds(10)));
  EXPECT_FALSE(revoked.addUntil("past", clock.now()));
  auto all = revoked.remembered();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].session_id, "far");
  EXPECT_EQ(all[0].forget_at, clock.now() + seconds(100));  // capped at remember_for
  EXPECT_EQ(all[1].forget_at, clock.now() + seconds(10));
  clock.advance(seconds(100));
  revoked.add("s");
  EXPECT_FALSE(revoked.contains("far"));
  EXPECT_FALSE(revoked.contains("near"));
}

TEST_F(RevokedSessionsTest, IsSafeAcrossThreads) {
  RevokedSessions many{clock, {.remember_for = seconds(100), .max_sessions = 1000}};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const std::string id = std::to_string(t) + "-" + std::to_string(i);
        many.add(id);
        EXPECT_TRUE(many.contains(id));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(many.size(), 800u);
}

}  // namespace
}  // namespace chat
