// An engine's failure passes through the use cases unchanged, over a real engine with a
// fault injected by forwarding (FaultyStorage), and nothing is announced.
#include <gtest/gtest.h>

#include <future>

#include "adapters/storage/faulty_storage_test_support.hpp"
#include "adapters/storage/memory/memory_storage.hpp"
#include "app/fake_ports_test_support.hpp"
#include "app/use_cases.hpp"

namespace chat {
namespace {

class EngineFailureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alice = storage.users().add(NewUser{"alice", "A", "L", "a@x", "h"}, clock.now())->id;
    group = storage.groups().create("g", alice, GroupVisibility::kPublic, clock.now())->id;
  }
  Result<Message> send(const std::string& text) {
    std::promise<Result<Message>> done;
    use_cases.send_message.submit({Principal{alice, "alice"}, group, text, std::nullopt},
                                  [&done](const Result<Message>& sent) { done.set_value(sent); });
    return done.get_future().get();
  }

  MemoryStorage engine;
  testing::FaultyStorage storage{engine};
  fakes::FakeClock clock;
  fakes::FakePasswordHasher passwords;
  fakes::FakeAccessTokens access_tokens;
  fakes::FakeSecrets secrets;
  fakes::RecordingGroupEvents events;
  UseCaseContext context{storage, passwords, access_tokens, secrets, clock, events, Limits{}};
  UseCases use_cases{context, {}, {}, {}};
  UserId alice = 0;
  GroupId group = 0;
};

TEST_F(EngineFailureTest, AFailedAppendReachesTheSenderAndIsNotAnnounced) {
  storage.failWith(Error::unavailable("The database is not available; retry shortly", "disk"));
  auto sent = send("hello");
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.error().kind, ErrorKind::kUnavailable);
  EXPECT_TRUE(events.stored().empty());

  storage.failWith(std::nullopt);
  auto retried = send("hello");
  ASSERT_TRUE(retried.ok()) << retried.error().message;
  EXPECT_EQ(retried->seq, 1) << "the failed send consumed no seq";
  EXPECT_EQ(events.stored().size(), 1u);
}

TEST_F(EngineFailureTest, AFailedHistoryReadPassesThrough) {
  storage.failWith(Error::unavailable("The database is not available; retry shortly"));
  auto page = use_cases.get_history.handle({Principal{alice, "alice"}, group, 10, {}, {}});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().kind, ErrorKind::kUnavailable);
}

TEST_F(EngineFailureTest, HealthReportsTheEngineDown) {
  EXPECT_TRUE(use_cases.check_health.handle().ok());
  storage.failWith(Error::unavailable("The database is not available; retry shortly"));
  EXPECT_FALSE(use_cases.check_health.handle().ok());
}

}  // namespace
}  // namespace chat
