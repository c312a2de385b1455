
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

}  // namespace
}  // namespace chat::storage_contract
