#include "adapters/security/argon2_password_hasher.hpp"

#include <gtest/gtest.h>

namespace chat {
namespace {

Argon2PasswordHasher fastHasher() {
  return Argon2PasswordHasher({.opslimit = 2, .memlimit = 8u << 20});
}

TEST(Argon2PasswordHasher, VerifiesTheRightPasswordOnly) {
  auto hasher = fastHasher();
  const auto hash = hasher.hash("correct horse battery staple");
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(hasher.verify(*hash, "correct horse battery staple"));
  EXPECT_FALSE(hasher.verify(*hash, "correct horse battery stapler"));
  EXPECT_FALSE(hasher.verify(*hash, ""));
}

TEST(Argon2PasswordHasher, SaltsEachHash) {
  auto hasher = fastHasher();
  const auto a = hasher.hash("password1");
  const auto b = hasher.hash("password1");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_NE(*a, *b);
}

TEST(Argon2PasswordHasher, DefaultsMeetOwaspMinimum) {
  Argon2PasswordHasher hasher;
  const auto hash = hasher.hash("password1");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << *hash;
  EXPECT_TRUE(hasher.verify(*hash, "password1"));
}

TEST(Argon2PasswordHasher, EncodesConfiguredParameters) {
  const auto hash = fastHasher().hash("password1");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$v=19$m=8192,t=2,p=1$", 0), 0u) << *hash;
}

TEST(Argon2PasswordHasher, RejectsGarbageHashes) {
  auto hasher = fastHasher();
  EXPECT_FALSE(hasher.verify("", "password1"));
  EXPECT_FALSE(hasher.verify("not a hash", "password1"));
  EXPECT_FALSE(hasher.verify(std::string(1000, '$'), "password1"));
}

TEST(Argon2PasswordHasher, AsksForARehashWhenTheParametersChanged) {
  auto hasher = fastHasher();
  const auto hash = hasher.hash("password1");
  ASSERT_TRUE(hash.ok());
  EXPECT_FALSE(hasher.needsRehash(*hash));
  Argon2PasswordHasher costlier({.opslimit = 3, .memlimit = 8u << 20});
  EXPECT_TRUE(costlier.needsRehash(*hash));
  EXPECT_TRUE(hasher.needsRehash("not a hash"));
}

TEST(Argon2PasswordHasher, ReportsImpossibleParametersAsInternalError) {
  Argon2PasswordHasher hasher({.opslimit = 0, .memlimit = 8u << 20});
  const auto hash = hasher.hash("password1");
  ASSERT_FALSE(hash.ok());
  EXPECT_EQ(hash.error().kind, ErrorKind::kInternal);
}

}  // namespace
}  // namespace chat
