#include "adapters/security/upgrading_password_hasher.hpp"

#include <gtest/gtest.h>

#include "adapters/security/argon2_password_hasher.hpp"
#include "adapters/security/aspnet_identity_hash.hpp"

namespace chat {
namespace {

// A V3 hash (PBKDF2-HMAC-SHA512, 10,000 iterations) of "my password", as Identity made it.
constexpr std::string_view kImported =
    "aspnet-identity$"
    "AQAAAAIAACcQAAAAEAABAgMEBQYHCAkKCwwNDg9B0Oxwty+PGIDSp95gcCfzeDvA4sGapUIUov8usXfD6A==";

class UpgradingPasswordHasherTest : public ::testing::Test {
 protected:
  Argon2PasswordHasher argon2_{{.opslimit = 2, .memlimit = 8u << 20}};
  UpgradingPasswordHasher hasher_{argon2_};
};

TEST_F(UpgradingPasswordHasherTest, VerifiesAnImportedHashAndAsksToRehashIt) {
  EXPECT_TRUE(hasher_.verify(kImported, "my password"));
  EXPECT_FALSE(hasher_.verify(kImported, "my password "));
  EXPECT_TRUE(hasher_.needsRehash(kImported));
}

TEST_F(UpgradingPasswordHasherTest, NewHashesAreArgon2idAndNeedNoRehash) {
  const auto hash = hasher_.hash("my password");
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(hash->starts_with("$argon2id$")) << *hash;
  EXPECT_TRUE(hasher_.verify(*hash, "my password"));
  EXPECT_FALSE(hasher_.needsRehash(*hash));
}

TEST_F(UpgradingPasswordHasherTest, TheBareBase64IsNotTakenForAnImportedHash) {
  // Only the prefix marks a hash as imported: the original text alone verifies nothing.
  const std::string_view bare = kImported.substr(kAspNetIdentityHashPrefix.size());
  EXPECT_FALSE(hasher_.verify(bare, "my password"));
}

TEST_F(UpgradingPasswordHasherTest, AnEmptyHashVerifiesNoPassword) {
  // An identity provider's accounts have none.
  EXPECT_FALSE(hasher_.verify("", ""));
  EXPECT_FALSE(hasher_.verify("", "anything"));
}

}  // namespace
}  // namespace chat
