#include "adapters/security/aspnet_identity_hash.hpp"

#include <gtest/gtest.h>

namespace chat {
namespace {

// Hashes of "my password" that ASP.NET Core Identity's own tests check its hasher against.
constexpr const char* kPassword = "my password";
constexpr const char* kV2Sha1 =
    "AAABAgMEBQYHCAkKCwwNDg+ukCEMDf0yyQ29NYubggHIVY0sdEUfdyeM+E1LtH1uJg==";
constexpr const char* kV3Sha1Iter250 =
    "AQAAAAAAAAD6AAAAEAhftMyfTJylOlZT+eEotFXd1elee8ih5WsjXaR3PA9M";
constexpr const char* kV3Sha256Iter250000Salt256 =
    "AQAAAAEAA9CQAAAAIESkQuj2Du8Y+kbc5lcN/W/3NiAZFEm11P27nrSN5/"
    "tId+bR1SwV8CO1Jd72r4C08OLvplNlCDc3oQZ8"
    "efcW+jQ=";
constexpr const char* kV3Sha512Iter250Subkey512 =
    "AQAAAAIAAAD6AAAAIJbVi5wbMR+htSfFp8fTw8N8GOS/Sje+S/"
    "4YZcgBfU7EQuqv4OkVYmc4VJl9AGZzmRTxSkP7LtVi9IWy"
    "UxX8IAAfZ8v+ZfhjCcudtC1YERSqE1OEdXLW9VukPuJWBBjLuw==";
constexpr const char* kV3Sha512Iter10000 =
    "AQAAAAIAACcQAAAAEAABAgMEBQYHCAkKCwwNDg9B0Oxwty+PGIDSp95gcCfzeDvA4sGapUIUov8usXfD6A==";

TEST(AspNetIdentityHash, VerifiesEveryVersionAndPrf) {
  for (const char* hash : {kV2Sha1, kV3Sha1Iter250, kV3Sha256Iter250000Salt256,
                           kV3Sha512Iter250Subkey512, kV3Sha512Iter10000}) {
    EXPECT_TRUE(checkAspNetIdentityHash(hash).ok()) << hash;
    EXPECT_TRUE(verifyAspNetIdentityHash(hash, kPassword)) << hash;
    EXPECT_FALSE(verifyAspNetIdentityHash(hash, "my passwort")) << hash;
    EXPECT_FALSE(verifyAspNetIdentityHash(hash, "")) << hash;
  }
}

TEST(AspNetIdentityHash, RefusesMalformedHashesWithAReason) {
  const std::string v2(kV2Sha1);
  const std::string cases[] = {
      "",
      "not base64!",
      // A V2 hash cut short.
      v2.substr(0, v2.size() - 4),
      // Version 0x02 does not exist.
      "AgAAAA==",
      // PRF 3.
      "AQAAAAMAACcQAAAAEAABAgMEBQYHCAkKCwwNDg9B0Oxwty+PGIDSp95gcCfzeDvA4sGapUIUov8usXfD6A==",
      // No iterations.
      "AQAAAAIAAAAAAAAAEAABAgMEBQYHCAkKCwwNDg9B0Oxwty+PGIDSp95gcCfzeDvA4sGapUIUov8usXfD6A==",
      // 2^32 - 1 iterations.
      "AQAAAAL/////AAAAEAABAgMEBQYHCAkKCwwNDg9B0Oxwty+PGIDSp95gcCfzeDvA4sGapUIUov8usXfD6A==",
      // A salt longer than the hash.
      "AQAAAAIAACcQAAAA/wABAgMEBQYHCAkKCwwNDg9B0Oxwty+PGIDSp95gcCfzeDvA4sGapUIUov8usXfD6A==",
      // An 8-byte salt.
      "AQAAAAIAACcQAAAACAABAgMEBQYHCAkKCwwNDg9B0Oxwty+PGIDSp95gcCfzeDvA4sGapUIUov8usXfD6A==",
      std::string(2000, 'A'),
  };

  for (const std::string& hash : cases) {
    const Status checked = checkAspNetIdentityHash(hash);
    ASSERT_FALSE(checked.ok()) << hash;
    EXPECT_FALSE(checked.error().message.empty());
    EXPECT_FALSE(verifyAspNetIdentityHash(hash, kPassword)) << hash;
  }
}

TEST(AspNetIdentityHash, ATamperedSubkeyFails) {
  std::string hash(kV3Sha512Iter10000);
  hash[hash.size() - 4] = hash[hash.size() - 4] == 'A' ? 'B' : 'A';
  EXPECT_TRUE(checkAspNetIdentityHash(hash).ok());
  EXPECT_FALSE(verifyAspNetIdentityHash(hash, kPassword));
}

}  // namespace
}  // namespace chat
