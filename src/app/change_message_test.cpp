#include "app/change_message.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"
#include "app/get_history.hpp"
#include "app/ports/append_and_wait_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;

class ChangeMessageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    owner = app.addUser("owner");
    bob = app.addUser("bob");
    carol = app.addUser("carol");
    group = app.groups().addGroup("g", owner.user_id, {bob.user_id, carol.user_id});
    said = send(bob, "hello");
  }
  Message send(const Principal& who, std::string text) {
    auto stored = appendAndWait(app.messages(), NewMessage{group, who.user_id, std::move(text),
                                                           app.clock.now(), std::nullopt});
    EXPECT_TRUE(stored.ok());
    return stored->message;
  }
  Result<Message> edit(const Principal& who, MessageId id, std::string text) {
    return use_case.handle({who, id, MessageChangeKind::kEdit, std::move(text)});
  }
  Result<Message> remove(const Principal& who, MessageId id) {
    return use_case.handle({who, id, MessageChangeKind::kDelete, {}});
  }

  FakeApp app;
  ChangeMessage use_case{app.context};
  Principal owner;
  Principal bob;
  Principal carol;
  GroupId group = 0;
  Message said;
};

TEST_F(ChangeMessageTest, AnEditTakesTheNextSeqAndIsTold) {
  auto edited = edit(bob, said.id, "hello there");
  ASSERT_TRUE(edited.ok()) << edited.error().message;
  EXPECT_EQ(edited->text, "hello there");
  EXPECT_EQ(edited->seq, said.seq);
  EXPECT_EQ(edited->change_seq, said.seq + 1);
  EXPECT_EQ(edited->edited_on, app.clock.now());
  auto told = app.events.changed();
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].change_seq, said.seq + 1);
  // The next message comes after the edit's seq: seqs stay gap-free and unique.
  EXPECT_EQ(send(bob, "next").seq, said.seq + 2);
}

TEST_F(ChangeMessageTest, TheSameTextChangesNothingAndTellsNobody) {
  auto same = edit(bob, said.id, "hello");
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->change_seq, 0);
  EXPECT_TRUE(app.events.changed().empty());
}

TEST_F(ChangeMessageTest, EditsFollowTheMessageRules) {
  auto empty = edit(bob, said.id, "");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().kind, ErrorKind::kInvalid);
  auto too_long = edit(bob, said.id, std::string(app.context.limits.max_message_length + 1, 'x'));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().kind, ErrorKind::kTooLarge) << "as for a send";
  auto not_theirs = edit(carol, said.id, "hijacked");
  ASSERT_FALSE(not_theirs.ok());
  EXPECT_EQ(not_theirs.error().kind, ErrorKind::kForbidden);
  auto missing = edit(bob, said.id + 100, "hi");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  const Principal dave = app.addUser("dave");
  auto outsider = edit(dave, said.id, "hi");
  ASSERT_FALSE(outsider.ok());
  EXPECT_EQ(outsider.error().kind, ErrorKind::kNotFound) << "a non-member learns nothing";
  EXPECT_TRUE(app.events.changed().empty());
}

TEST_F(ChangeMessageTest, TheOwnerDeletesAnyonesMessageAndAnotherMemberNone) {
  auto refused = remove(carol, said.id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);

  auto deleted = remove(owner, said.id);
  ASSERT_TRUE(deleted.ok()) << deleted.error().message;
  EXPECT_EQ(deleted->text, "");
  EXPECT_TRUE(deleted->deleted_on);
  auto again = remove(bob, said.id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->change_seq, deleted->change_seq) << "deleting twice takes no second seq";
  auto edit_after = edit(bob, said.id, "back");
  ASSERT_FALSE(edit_after.ok());
  EXPECT_EQ(edit_after.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(app.events.changed().size(), 1u);
}

TEST_F(ChangeMessageTest, EachUserHasABurstThenALimit) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(edit(bob, said.id, "take " + std::to_string(i)).ok());
  auto limited = edit(bob, said.id, "one more");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().kind, ErrorKind::kRateLimited);
  EXPECT_GE(limited.error().retry_after_seconds, 1);
  EXPECT_TRUE(edit(carol, said.id, "x").error().kind == ErrorKind::kForbidden)
      << "another user has a limit of their own";
  app.clock.advance(std::chrono::seconds(1));
  EXPECT_TRUE(edit(bob, said.id, "later").ok());
}

TEST_F(ChangeMessageTest, AStorageFailureIsTheAnswerAndNothingIsTold) {
  app.messages().change_failure = Error::unavailable("database down");
  auto failed = edit(bob, said.id, "hi");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().kind, ErrorKind::kUnavailable);
  EXPECT_TRUE(app.events.changed().empty());
}

TEST_F(ChangeMessageTest, AReplayCarriesTheChangesInSeqOrder) {
  const Message second = send(carol, "second");
  ASSERT_TRUE(edit(bob, said.id, "first, edited").ok());
  ASSERT_TRUE(remove(carol, second.id).ok());
  GetHistory history{app.context};
  auto timeline = history.timelineAfter(bob, group, 0);
  ASSERT_TRUE(timeline.ok()) << timeline.error().message;
  ASSERT_EQ(timeline->entries.size(), 4u);
  using Kind = TimelineEntry::Kind;
  const Kind kinds[] = {Kind::kMessage, Kind::kMessage, Kind::kEdit, Kind::kDelete};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(timeline->entries[i].seq, static_cast<Seq>(i + 1));
    EXPECT_EQ(timeline->entries[i].kind, kinds[i]);
  }
  EXPECT_EQ(timeline->entries[2].message.text, "first, edited");
  auto outsider = history.timelineAfter(app.addUser("dave"), group, 0);
  ASSERT_FALSE(outsider.ok());
}

}  // namespace
}  // namespace chat
