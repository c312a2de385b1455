#include "adapters/security/sodium_secrets.hpp"

#include <gtest/gtest.h>

#include <set>

namespace chat {
namespace {

TEST(SodiumSecrets, RandomTokensAreUrlSafeAndDistinct) {
  SodiumSecrets secrets;
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = secrets.randomToken();
    EXPECT_EQ(token.size(), 43u);
    EXPECT_EQ(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos)
        << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(SodiumSecrets, DigestIsStableLowercaseSha256Hex) {
  SodiumSecrets secrets;
  EXPECT_EQ(secrets.digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(secrets.digest("token"), secrets.digest("token"));
  EXPECT_NE(secrets.digest("token"), secrets.digest("token2"));
}

}  // namespace
}  // namespace chat
