// The administrator's operations on every engine: passwords, locks, erasing accounts,
// deleting groups, revoking a user's sessions and the counts of `stats`.
#include <gtest/gtest.h>

#include <vector>

#include "adapters/storage/storage_contract_test_support.hpp"
#include "app/ports/append_and_wait_test_support.hpp"

namespace chat::storage_contract {
namespace {

class AdministrationContract : public StorageContractTest {
 protected:
  void send(GroupId group, UserId sender, std::string text) {
    auto appended = appendAndWait(storage->messages(),
                                  NewMessage{group, sender, std::move(text), at(5), std::nullopt});
    ASSERT_TRUE(appended.ok()) << appended.error().message;
    ASSERT_EQ(appended->outcome, AppendOutcome::kStored);
  }
  User find(UserId id) {
    auto user = storage->users().findById(id);
    EXPECT_TRUE(user.ok() && user->has_value());
    return user.ok() && user->has_value() ? **user : User{};
  }
  std::vector<Message> history(GroupId group) {
    HistoryQuery query;
    query.group_id = group;
    auto page = storage->messages().page(query);
    EXPECT_TRUE(page.ok());
    return page.ok() ? *page : std::vector<Message>{};
  }
  RefreshTokenState consume(const std::string& digest) {
    auto consumed = storage->refreshTokens().consume(digest, at(10));
    EXPECT_TRUE(consumed.ok());
    return consumed.ok() ? consumed->state : RefreshTokenState::kUnknown;
  }
};
CHAT_STORAGE_CONTRACT(AdministrationContract);

TEST_P(AdministrationContract, SetsAPasswordHashAndALock) {
  const UserId alice = addUser("alice");
  EXPECT_FALSE(find(alice).locked);
  ASSERT_TRUE(storage->users().setPasswordHash(alice, "new-hash").value());
  ASSERT_TRUE(storage->users().setLocked(alice, true).value());
  EXPECT_EQ(find(alice).password_hash, "new-hash");
  EXPECT_TRUE(find(alice).locked);
  auto by_name = storage->users().findByName("ALICE");
  ASSERT_TRUE(by_name.ok() && by_name->has_value());
  EXPECT_TRUE((*by_name)->locked);
  ASSERT_TRUE(storage->users().setLocked(alice, false).value());
  EXPECT_FALSE(find(alice).locked);
}

TEST_P(AdministrationContract, ChangesToAnUnknownUserReportFalse) {
  EXPECT_FALSE(storage->users().setPasswordHash(404, "h").value());
  EXPECT_FALSE(storage->users().setLocked(404, true).value());
  EXPECT_FALSE(storage->users().erase(404).value());
  EXPECT_FALSE(storage->groups().remove(404).value());
}

TEST_P(AdministrationContract, EraseFreesTheNameAndKeepsTheMessagesSent) {
  const UserId bob = addUser("bob");
  const UserId carol = addUser("carol");
  const GroupId group = createGroup("g", carol);
  ASSERT_EQ(storage->groups().addMember(group, bob, 0, at(3)).value(), JoinOutcome::kJoined);
  send(group, bob, "hello");
  ASSERT_TRUE(storage->refreshTokens().store({"digest-b", "family-b", bob, at(100)}).ok());
  auto before = storage->groups().heads(std::vector<GroupId>{group}).value();

  ASSERT_TRUE(storage->users().erase(bob).value());
  EXPECT_FALSE(storage->users().erase(bob).value()) << "erased once only";

  const User erased = find(bob);
  EXPECT_EQ(erased.user_name, erasedUserName(bob));
  EXPECT_EQ(erased.email, "");
  EXPECT_EQ(erased.password_hash, "");
  EXPECT_TRUE(erased.locked);
  EXPECT_FALSE(storage->users().findByName("bob").value().has_value());
  EXPECT_EQ(storage->groups().membership(group, bob).value(), Membership::kNotMember);
  EXPECT_EQ(consume("digest-b"), RefreshTokenState::kUnknown);
  auto after = storage->groups().heads(std::vector<GroupId>{group}).value();
  EXPECT_GT(after.at(0).member_version, before.at(0).member_version) << "a departure shows";

  const auto kept = history(group);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].text, "hello");
  EXPECT_EQ(kept[0].sender_name, erasedUserName(bob));

  // The name is free again, for someone else.
  auto again = storage->users().add(NewUser{"Bob", "B", "B", "b@x", "h"}, at(7));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->outcome, AddUserOutcome::kAdded);
  EXPECT_NE(again->id, bob);
}

TEST_P(AdministrationContract, RemoveDeletesTheGroupWithItsMembersAndHistory) {
  const UserId dave = addUser("dave");
  const GroupId doomed = createGroup("doomed", dave);
  const GroupId kept = createGroup("kept", dave);
  send(doomed, dave, "gone");
  send(kept, dave, "stays");

  ASSERT_TRUE(storage->groups().remove(doomed).value());
  EXPECT_EQ(storage->groups().membership(doomed, dave).value(), Membership::kNoSuchGroup);
  auto groups = storage->groups().list(dave).value();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].id, kept);
  EXPECT_TRUE(history(doomed).empty());
  EXPECT_EQ(history(kept).size(), 1u);
  EXPECT_FALSE(storage->groups().remove(doomed).value());
}

TEST_P(AdministrationContract, RevokeUserEndsEveryFamilyOfThatUserOnly) {
  const UserId erin = addUser("erin");
  const UserId frank = addUser("frank");
  ASSERT_TRUE(storage->refreshTokens().store({"e1", "phone", erin, at(100)}).ok());
  ASSERT_TRUE(storage->refreshTokens().store({"e2", "laptop", erin, at(100)}).ok());
  ASSERT_TRUE(storage->refreshTokens().store({"f1", "frank's", frank, at(100)}).ok());

  ASSERT_TRUE(storage->refreshTokens().revokeUser(erin).ok());
  EXPECT_EQ(consume("e1"), RefreshTokenState::kRevoked);
  EXPECT_EQ(consume("e2"), RefreshTokenState::kRevoked);
  EXPECT_EQ(consume("f1"), RefreshTokenState::kValid);
}

TEST_P(AdministrationContract, StatisticsCountWhatIsStored) {
  const UserId gina = addUser("gina");
  const UserId hal = addUser("hal");
  const UserId ivan = addUser("ivan");
  const GroupId group = createGroup("g", gina);
  ASSERT_EQ(storage->groups().addMember(group, hal, 0, at(3)).value(), JoinOutcome::kJoined);
  send(group, gina, "one");
  send(group, hal, "two");
  ASSERT_TRUE(storage->users().setLocked(hal, true).value());
  ASSERT_TRUE(storage->users().erase(ivan).value());

  auto statistics = storage->statistics();
  ASSERT_TRUE(statistics.ok()) << statistics.error().message;
  EXPECT_EQ(statistics->users, 2) << "the erased account is not counted";
  EXPECT_EQ(statistics->locked_users, 1);
  EXPECT_EQ(statistics->groups, 1);
  EXPECT_EQ(statistics->memberships, 2);
  EXPECT_EQ(statistics->messages, 2);
  EXPECT_GE(statistics->bytes, 0);
}

}  // namespace
}  // namespace chat::storage_contract
