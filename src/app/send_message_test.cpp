#include "app/send_message.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;
using fakes::repeat;

class SendMessageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alice = app.addUser("alice");
    bob = app.addUser("bob");
    group = app.groups().addGroup("g", alice.user_id);
  }
  // Submits and waits for the callback.
  Result<Message> send(SendMessage::Command command) {
    std::promise<Result<Message>> promise;
    auto future = promise.get_future();
    use_case.submit(std::move(command),
                    [&promise](Result<Message> result) { promise.set_value(std::move(result)); });
    return future.get();
  }
  Result<Message> send(const std::string& text, std::optional<std::string> client_id = {}) {
    return send({alice, group, text, std::move(client_id)});
  }
  // Submits, expecting the callback to run before submit returns.
  Result<Message> refusedAtOnce(SendMessage::Command command) {
    std::optional<Result<Message>> outcome;
    use_case.submit(std::move(command), [&outcome](Result<Message> result) {
      EXPECT_FALSE(outcome.has_value()) << "callback ran twice";
      outcome.emplace(std::move(result));
    });
    EXPECT_TRUE(outcome.has_value()) << "callback did not run at once";
    return outcome ? *outcome : Result<Message>(Error::internal("no callback"));
  }
  void expectRefusedAtOnce(SendMessage::Command command, ErrorKind kind,
                           const std::string& message) {
    auto result = refusedAtOnce(std::move(command));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, kind);
    EXPECT_EQ(result.error().message, message);
  }
  void expectNothingStored() {
    EXPECT_TRUE(app.messages().stored().empty());
    EXPECT_TRUE(app.messages().batchSizes().empty());
    EXPECT_TRUE(app.events.stored().empty());
  }

  FakeApp app;
  SendMessage use_case{app.context};
  Principal alice;
  Principal bob;
  GroupId group = 0;
};

TEST_F(SendMessageTest, CallbackReceivesTheStoredMessage) {
  app.clock.advance(std::chrono::seconds(5));
  auto sent = send("hello");
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(sent->group_id, group);
  EXPECT_EQ(sent->seq, 1);
  EXPECT_EQ(sent->sender_id, alice.user_id);
  EXPECT_EQ(sent->sender_name, "alice");
  EXPECT_EQ(sent->text, "hello");
  EXPECT_EQ(sent->sent_on, app.clock.now());
  ASSERT_EQ(app.messages().stored().size(), 1u);
  EXPECT_EQ(app.messages().stored()[0].id, sent->id);
}

TEST_F(SendMessageTest, EachNewMessageIsAnnouncedOnce) {
  auto one = send("one");
  auto two = send("two");
  ASSERT_TRUE(one.ok() && two.ok());
  EXPECT_EQ(two->seq, 2);
  auto events = app.events.stored();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].id, one->id);
  EXPECT_EQ(events[0].text, "one");
  EXPECT_EQ(events[1].id, two->id);
}

TEST_F(SendMessageTest, RetryWithTheSameClientIdReturnsTheFirstCopyUnannounced) {
  auto first = send("hello", "c-1");
  auto retry = send("hello again", "c-1");
  ASSERT_TRUE(first.ok() && retry.ok());
  EXPECT_EQ(retry->id, first->id);
  EXPECT_EQ(retry->seq, first->seq);
  EXPECT_EQ(retry->text, "hello");
  EXPECT_EQ(app.messages().stored().size(), 1u);
  EXPECT_EQ(app.events.stored().size(), 1u);

  auto other = send("other", "c-2");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->seq, 2);
  EXPECT_EQ(app.events.stored().size(), 2u);
}

TEST_F(SendMessageTest, ClientIdsAreScopedToTheSender) {
  app.groups().addMemberDirectly(group, bob.user_id);
  auto from_alice = send("a", "same");
  auto from_bob = send({bob, group, "b", "same"});
  ASSERT_TRUE(from_alice.ok() && from_bob.ok());
  EXPECT_NE(from_alice->id, from_bob->id);
  EXPECT_EQ(app.events.stored().size(), 2u);
}

TEST_F(SendMessageTest, BlankTextIsInvalidAtOnce) {
  expectRefusedAtOnce({alice, group, "", {}}, ErrorKind::kInvalid, "message must not be empty");
  expectRefusedAtOnce({alice, group, " \n\t ", {}}, ErrorKind::kInvalid,
                      "message must not be empty");
  expectNothingStored();
}

TEST_F(SendMessageTest, InvalidUtf8IsInvalidAtOnce) {
  expectRefusedAtOnce({alice, group, "bad \xFF", {}}, ErrorKind::kInvalid,
                      "message must be valid UTF-8");
  expectNothingStored();
}

TEST_F(SendMessageTest, OverlongTextIsTooLargeAtOnce) {
  expectRefusedAtOnce({alice, group, std::string(4001, 'x'), {}}, ErrorKind::kTooLarge,
                      "message must be at most 4000 characters");
  expectRefusedAtOnce({alice, group, repeat("\xC3\xA9", 4001), {}}, ErrorKind::kTooLarge,
                      "message must be at most 4000 characters");
  expectNothingStored();
}

TEST_F(SendMessageTest, TextLengthCountsCharacters) {
  EXPECT_TRUE(send(std::string(4000, 'x')).ok());
  EXPECT_TRUE(send(repeat("\xE6\x97\xA5", 4000)).ok());  // 12000 bytes
  app.context.limits.max_message_length = 3;
  expectRefusedAtOnce({alice, group, "abcd", {}}, ErrorKind::kTooLarge,
                      "message must be at most 3 characters");
}

TEST_F(SendMessageTest, ClientIdMustBeOneToSixtyFourCharacters) {
  const std::string message = "clientMessageId must be 1 to 64 characters";
  expectRefusedAtOnce({alice, group, "hi", std::string()}, ErrorKind::kInvalid, message);
  expectRefusedAtOnce({alice, group, "hi", std::string(65, 'c')}, ErrorKind::kInvalid, message);
  expectNothingStored();
}

TEST_F(SendMessageTest, ClientIdOfSixtyFourCharactersIsFine) {
  EXPECT_TRUE(send("hi", std::string(64, 'c')).ok());
}

TEST_F(SendMessageTest, NonMemberIsForbidden) {
  auto result = send({bob, group, "hi", {}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(result.error().message,
            "Can not send message to a group which the player has not joined yet");
  EXPECT_TRUE(app.messages().stored().empty());
  EXPECT_TRUE(app.events.stored().empty());
}

TEST_F(SendMessageTest, MissingGroupIsNotFound) {
  auto result = send({alice, group + 100, "hi", {}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(result.error().message, "Group not found");
  EXPECT_TRUE(app.events.stored().empty());
}

TEST_F(SendMessageTest, OtherStorageErrorsPassThrough) {
  app.messages().batch_failure = Error::unavailable("database is down");
  auto result = send("hi");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(result.error().message, "database is down");
  EXPECT_TRUE(app.events.stored().empty());
}

TEST_F(SendMessageTest, TheMessageIsAnnouncedBeforeTheCallbackRuns) {
  std::promise<bool> announced;
  use_case.submit({alice, group, "hi", {}}, [&](Result<Message> result) {
    announced.set_value(result.ok() && app.events.heardOf(result->id));
  });
  EXPECT_TRUE(announced.get_future().get());
}

TEST_F(SendMessageTest, ConcurrentSendsEachCallBackOnceAndEachNewMessageIsAnnouncedOnce) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 300;
  constexpr int kGroups = 3;
  std::vector<GroupId> groups;
  std::vector<Principal> senders;
  for (int t = 0; t < kThreads; ++t) senders.push_back(app.addUser("sender" + std::to_string(t)));
  for (int g = 0; g < kGroups; ++g) {
    groups.push_back(app.groups().addGroup("g" + std::to_string(g), alice.user_id));
    for (const Principal& sender : senders)
      app.groups().addMemberDirectly(groups[g], sender.user_id);
  }

  std::vector<std::atomic<int>> calls(kThreads * kPerThread);
  std::atomic<int> failures{0};
  std::atomic<int> unannounced{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int index = t * kPerThread + i;
        // Every tenth send retries the previous one's client id.
        const int id = i % 10 == 9 ? i - 1 : i;
        use_case.submit({senders[t], groups[id % kGroups], "m" + std::to_string(index),
                         "c-" + std::to_string(id)},
                        [&, index](Result<Message> result) {
                          ++calls[index];
                          if (!result.ok()) ++failures;
                          if (result.ok() && !app.events.heardOf(result->id)) ++unannounced;
                        });
      }
    });
  }
  for (auto& thread : threads) thread.join();

  for (int index = 0; index < kThreads * kPerThread; ++index) {
    ASSERT_EQ(calls[index].load(), 1) << index;
  }
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(unannounced, 0);

  const std::size_t unique = kThreads * (kPerThread - kPerThread / 10);
  EXPECT_EQ(app.messages().stored().size(), unique);
  auto events = app.events.stored();
  ASSERT_EQ(events.size(), unique);
  // Announced in any order, but each seq of each group exactly once.
  std::map<GroupId, std::set<Seq>> seqs;
  for (const Message& m : events) EXPECT_TRUE(seqs[m.group_id].insert(m.seq).second);
  for (const auto& [group_id, seen] : seqs) {
    EXPECT_EQ(*seen.rbegin(), static_cast<Seq>(seen.size())) << "group " << group_id;
  }
}

}  // namespace
}  // namespace chat
