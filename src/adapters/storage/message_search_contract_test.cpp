// Full-text search on every engine: whole words in any case, every word needed, only the
// groups the reader is in, messages as they are now (edited, never deleted), newest first
// and paged by id.
#include <gtest/gtest.h>

#include <vector>

#include "adapters/storage/storage_contract_test_support.hpp"
#include "app/ports/append_and_wait_test_support.hpp"

namespace chat::storage_contract {
namespace {

class MessageSearchContract : public StorageContractTest {
 protected:
  void SetUp() override {
    StorageContractTest::SetUp();
    alice = addUser("alice");
    bob = addUser("bob");
    group = createGroup("g", alice);
    other = createGroup("h", bob);
    ASSERT_EQ(*storage->groups().addMember(group, bob, 0, at(1)), JoinOutcome::kJoined);
  }

  Message send(GroupId to, UserId sender, std::string text) {
    auto appended =
        appendAndWait(storage->messages(), NewMessage{to, sender, std::move(text), at(5000), {}});
    EXPECT_TRUE(appended.ok()) << appended.error().message;
    return appended.ok() ? appended->message : Message{};
  }

  // The texts found, newest first.
  std::vector<std::string> find(UserId reader, std::vector<std::string> words,
                                std::optional<GroupId> in = std::nullopt,
                                std::optional<MessageId> before = std::nullopt, int limit = 20) {
    MessageSearch search;
    search.reader = reader;
    search.words = std::move(words);
    search.group = in;
    search.before = before;
    search.limit = limit;
    auto found = storage->messages().search(search);
    EXPECT_TRUE(found.ok()) << found.error().message << " " << found.error().detail;
    std::vector<std::string> texts;
    if (found.ok()) {
      for (const Message& message : *found) texts.push_back(message.text);
    }
    return texts;
  }

  Result<ChangedMessage> change(UserId by, MessageId id, MessageChangeKind kind,
                                std::string text = {}) {
    const MessageChangeRequest request{id, by, kind, std::move(text), at(9000)};
    return storage->messages().change(
        request, [&request](const Message& message, std::optional<GroupRole> role) {
          return judgeChange(request, message, role);
        });
  }

  using Texts = std::vector<std::string>;
  UserId alice = 0;
  UserId bob = 0;
  GroupId group = 0;
  GroupId other = 0;
};

CHAT_STORAGE_CONTRACT(MessageSearchContract);

TEST_P(MessageSearchContract, FindsWholeWordsInAnyCaseNewestFirst) {
  send(group, alice, "We deploy on Friday");
  send(group, bob, "deployment is done");
  send(group, bob, "DEPLOY again, then rest.");
  EXPECT_EQ(find(alice, {"deploy"}), (Texts{"DEPLOY again, then rest.", "We deploy on Friday"}));
  EXPECT_EQ(find(alice, {"Deployment"}), (Texts{"deployment is done"}));
  EXPECT_EQ(find(alice, {"deplo"}), Texts{});
}

TEST_P(MessageSearchContract, NeedsEveryWord) {
  send(group, alice, "deploy on friday");
  send(group, alice, "deploy on monday");
  EXPECT_EQ(find(alice, {"friday", "deploy"}), (Texts{"deploy on friday"}));
  EXPECT_EQ(find(alice, {"deploy", "sunday"}), Texts{});
}

TEST_P(MessageSearchContract, QuotesAndOperatorsInAWordAreOnlyText) {
  send(group, alice, "he said \"ship it\" OR NOT");
  EXPECT_EQ(find(alice, {"\"ship"}), (Texts{"he said \"ship it\" OR NOT"}));
  EXPECT_EQ(find(alice, {"OR"}), (Texts{"he said \"ship it\" OR NOT"}));
  EXPECT_EQ(find(alice, {"NOT", "it*"}), (Texts{"he said \"ship it\" OR NOT"}));
  EXPECT_EQ(find(alice, {"ship:*"}), (Texts{"he said \"ship it\" OR NOT"}));
}

TEST_P(MessageSearchContract, SearchesOnlyTheReadersGroups) {
  send(group, alice, "release notes");
  send(other, bob, "release party");
  EXPECT_EQ(find(alice, {"release"}), (Texts{"release notes"}));
  EXPECT_EQ(find(bob, {"release"}), (Texts{"release party", "release notes"}));
  EXPECT_EQ(find(bob, {"release"}, group), (Texts{"release notes"}));
  EXPECT_EQ(find(alice, {"release"}, other), Texts{});
  ASSERT_EQ(*storage->groups().removeMember(group, bob), LeaveOutcome::kLeft);
  EXPECT_EQ(find(bob, {"release"}), (Texts{"release party"}));
}

TEST_P(MessageSearchContract, FindsAMessageAsItIsNow) {
  const Message edited = send(group, alice, "old wording");
  const Message deleted = send(group, alice, "wording to delete");
  ASSERT_TRUE(change(alice, edited.id, MessageChangeKind::kEdit, "new wording").ok());
  ASSERT_TRUE(change(alice, deleted.id, MessageChangeKind::kDelete).ok());
  EXPECT_EQ(find(alice, {"wording"}), (Texts{"new wording"}));
  EXPECT_EQ(find(alice, {"old"}), Texts{});
  EXPECT_EQ(find(alice, {"delete"}), Texts{});
}

TEST_P(MessageSearchContract, PagesByMessageId) {
  std::vector<Message> sent;
  for (int i = 1; i <= 5; ++i) sent.push_back(send(group, alice, "note " + std::to_string(i)));
  send(group, alice, "unrelated");
  EXPECT_EQ(find(alice, {"note"}, std::nullopt, std::nullopt, 2), (Texts{"note 5", "note 4"}));
  EXPECT_EQ(find(alice, {"note"}, std::nullopt, sent[3].id, 2), (Texts{"note 3", "note 2"}));
  EXPECT_EQ(find(alice, {"note"}, std::nullopt, sent[1].id, 2), (Texts{"note 1"}));
}

TEST_P(MessageSearchContract, AnswersTheMessageWithItsSender) {
  const Message sent = send(group, bob, "hello there");
  MessageSearch search;
  search.reader = alice;
  search.words = {"hello"};
  auto found = storage->messages().search(search);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().id, sent.id);
  EXPECT_EQ(found->front().group_id, group);
  EXPECT_EQ(found->front().seq, sent.seq);
  EXPECT_EQ(found->front().sender_id, bob);
  EXPECT_EQ(found->front().sender_name, "bob");
}

}  // namespace
}  // namespace chat::storage_contract
