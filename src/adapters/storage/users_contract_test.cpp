
#include <gtest/gtest.h>

#include "adapters/storage/storage_contract_test_support.hpp"

namespace chat::storage_contract {
namespace {

class UsersContract : public StorageContractTest {};
CHAT_STORAGE_CONTRACT(UsersContract);

TEST_P(UsersContract, StoresEveryFieldAndFindsByIdAndName) {
  auto id = storage->users().add(
      NewUser{"Alice.Smith", "Alice", "Smith", "alice@example.com", "$argon2id$hash"}, at(1234));
  ASSERT_TRUE(id.ok()) << id.error().message;
  ASSERT_EQ(id->outcome, AddUserOutcome::kAdded);
  EXPECT_GT(id->id, 0);

  auto by_id = storage->users().findById(id->id);
  ASSERT_TRUE(by_id.ok());
  ASSERT_TRUE(by_id->has_value());
  const User& user = **by_id;
  EXPECT_EQ(user.id, id->id);
  EXPECT_EQ(user.user_name, "Alice.Smith");  // stored as given, not lower-cased
  EXPECT_EQ(user.first_name, "Alice");
  EXPECT_EQ(user.last_name, "Smith");
  EXPECT_EQ(user.email, "alice@example.com");
  EXPECT_EQ(user.password_hash, "$argon2id$hash");

  auto by_name = storage->users().findByName("Alice.Smith");
  ASSERT_TRUE(by_name.ok());
  ASSERT_TRUE(by_name->has_value());
  EXPECT_EQ((*by_name)->id, id->id);
}

TEST_P(UsersContract, FindsNamesRegardlessOfCase) {
  const UserId id = addUser("Bob_99");
  for (const char* spelling : {"bob_99", "BOB_99", "bOb_99"}) {
    auto found = storage->users().findByName(spelling);
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found->has_value()) << spelling;
    EXPECT_EQ((*found)->id, id);
    EXPECT_EQ((*found)->user_name, "Bob_99");
  }
}

TEST_P(UsersContract, RefusesANameTakenInAnyCase) {
  const UserId first = addUser("carol");
  for (const char* taken : {"carol", "CAROL", "Carol"}) {
    auto again = storage->users().add(NewUser{taken, "C", "L", "c@x", "h"}, at(1));
    ASSERT_TRUE(again.ok()) << taken;
    EXPECT_EQ(again->outcome, AddUserOutcome::kNameTaken);
  }
  // The refusals consumed nothing: the next user still gets a fresh id.
  EXPECT_GT(addUser("dave"), first);
}

TEST_P(UsersContract, ReportsMissingUsersAsEmpty) {
  addUser("erin");
  auto by_name = storage->users().findByName("frank");
  ASSERT_TRUE(by_name.ok());
  EXPECT_FALSE(by_name->has_value());
  auto by_id = storage->users().findById(999);
  ASSERT_TRUE(by_id.ok());
  EXPECT_FALSE(by_id->has_value());
}

constexpr ExternalIdentityKey kJane{"https://id.example.com", "sub-jane"};

NewUser externalAccount(const std::string& name) {
  NewUser user;
  user.user_name = name;
  return user;
}

TEST_P(UsersContract, AnExternalAccountIsFoundByItsIdentity) {
  auto added = storage->users().addExternal(externalAccount("jane"), kJane, at(5));
  ASSERT_TRUE(added.ok()) << added.error().message;
  ASSERT_EQ(added->outcome, AddUserOutcome::kAdded);
  auto found = storage->users().findByExternalIdentity(kJane);
  ASSERT_TRUE(found.ok()) << found.error().message;
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, added->id);
  EXPECT_EQ((*found)->user_name, "jane");
  EXPECT_EQ((*found)->password_hash, "");
  auto other = storage->users().findByExternalIdentity({"https://id.example.com", "sub-x"});
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->has_value());
  auto other_issuer =
      storage->users().findByExternalIdentity({"https://other.example", "sub-jane"});
  ASSERT_TRUE(other_issuer.ok());
  EXPECT_FALSE(other_issuer->has_value()) << "a subject is the issuer's own";
}

TEST_P(UsersContract, AnIdentityIsLinkedToOneAccountOnly) {
  auto first = storage->users().addExternal(externalAccount("jane"), kJane, at(5));
  ASSERT_TRUE(first.ok());
  auto second = storage->users().addExternal(externalAccount("jane-2"), kJane, at(6));
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->outcome, AddUserOutcome::kAlreadyLinked);
  EXPECT_EQ(second->id, first->id);
  auto unmade = storage->users().findByName("jane-2");
  ASSERT_TRUE(unmade.ok());
  EXPECT_FALSE(unmade->has_value()) << "no second account was stored";
}

TEST_P(UsersContract, AnExternalAccountOfATakenNameStoresNothing) {
  addUser("jane");
  auto taken = storage->users().addExternal(externalAccount("JANE"), kJane, at(5));
  ASSERT_TRUE(taken.ok()) << taken.error().message;
  EXPECT_EQ(taken->outcome, AddUserOutcome::kNameTaken);
  auto unlinked = storage->users().findByExternalIdentity(kJane);
  ASSERT_TRUE(unlinked.ok());
  EXPECT_FALSE(unlinked->has_value());
}

TEST_P(UsersContract, ErasingAnExternalAccountDropsItsLink) {
  auto added = storage->users().addExternal(externalAccount("jane"), kJane, at(5));
  ASSERT_TRUE(added.ok());
  ASSERT_TRUE(storage->users().erase(added->id).value());
  auto gone = storage->users().findByExternalIdentity(kJane);
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
  auto again = storage->users().addExternal(externalAccount("jane"), kJane, at(6));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->outcome, AddUserOutcome::kAdded);
  EXPECT_NE(again->id, added->id);
}

}  // namespace
}  // namespace chat::storage_contract
