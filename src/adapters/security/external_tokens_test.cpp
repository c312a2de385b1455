#include "adapters/security/external_tokens.hpp"

#include <gtest/gtest.h>

#include "adapters/security/test_keys_test_support.hpp"

namespace chat {
namespace {

using test_keys::SigningKey;
namespace json = boost::json;

constexpr std::int64_t kNow = 1'700'000'000;

class FixedClock : public Clock {
 public:
  Timestamp now() override { return Timestamp{std::chrono::seconds(kNow)}; }
};

json::object claims(const json::object& extra = {}) {
  json::object c{{"iss", "https://id.example.com"},
                 {"aud", json::array{"other", "chatserver"}},
                 {"sub", "248289761001"},
                 {"preferred_username", "jane"},
                 {"exp", kNow + 300},
                 {"nbf", kNow - 10}};
  for (const auto& [key, value] : extra) c[key] = value;
  return c;
}

// Keys of every kind, made once: RSA key generation takes a while.
class ExternalTokensTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rsa_ = new SigningKey(SigningKey::Kind::kRsa);
    p256_ = new SigningKey(SigningKey::Kind::kP256);
    ed25519_ = new SigningKey(SigningKey::Kind::kEd25519);
  }
  static void TearDownTestSuite() {
    delete rsa_;
    delete p256_;
    delete ed25519_;
  }

  ExternalTokens verifier() {
    json::object jwks{
        {"keys", json::array{rsa_->jwk("rsa-1"), p256_->jwk("ec-1"), ed25519_->jwk("ed-1")}}};
    auto keys = parseJwks(json::serialize(jwks));
    EXPECT_TRUE(keys.ok()) << keys.error().message;
    return ExternalTokens(std::move(keys).value(), {"https://id.example.com", "chatserver"},
                          clock_);
  }
  static std::string reason(const Result<ExternalIdentity>& result) {
    return result ? "(accepted)" : result.error().message;
  }

  static SigningKey* rsa_;
  static SigningKey* p256_;
  static SigningKey* ed25519_;
  FixedClock clock_;
};

SigningKey* ExternalTokensTest::rsa_ = nullptr;
SigningKey* ExternalTokensTest::p256_ = nullptr;
SigningKey* ExternalTokensTest::ed25519_ = nullptr;

TEST_F(ExternalTokensTest, AcceptsEachAlgorithmWithItsKey) {
  const ExternalTokens tokens = verifier();
  const std::pair<SigningKey*, const char*> keys[] = {
      {rsa_, "rsa-1"}, {p256_, "ec-1"}, {ed25519_, "ed-1"}};
  for (const auto& [key, kid] : keys) {
    auto identity = tokens.verify(key->sign(claims(), {{"kid", kid}, {"typ", "JWT"}}));
    ASSERT_TRUE(identity.ok()) << kid << ": " << identity.error().message;
    EXPECT_EQ(identity->subject, "248289761001");
    EXPECT_EQ(identity->preferred_name, "jane");
    // Without a kid every key of the token's algorithm is tried.
    EXPECT_TRUE(tokens.verify(key->sign(claims())).ok()) << kid;
  }
}

TEST_F(ExternalTokensTest, TheAlgorithmComesFromTheKeyNeverFromTheToken) {
  const ExternalTokens tokens = verifier();
  // The RSA key's token claiming another algorithm, or none, or HMAC.
  for (const char* alg : {"ES256", "none", "HS256", "RS512", "PS256"}) {
    auto refused = tokens.verify(rsa_->sign(claims(), {{"alg", alg}, {"kid", "rsa-1"}}));
    ASSERT_FALSE(refused.ok()) << alg;
    EXPECT_EQ(refused.error().message, "The token algorithm is not allowed") << alg;
  }
  // The right algorithm but another key's kid: that key's algorithm differs.
  EXPECT_EQ(reason(tokens.verify(rsa_->sign(claims(), {{"kid", "ec-1"}}))),
            "The token algorithm is not allowed");
  EXPECT_EQ(reason(tokens.verify(rsa_->sign(claims(), {{"kid", "unknown"}}))),
            "The token algorithm is not allowed");
}

TEST_F(ExternalTokensTest, RefusesAForeignKeyOrATamperedToken) {
  const ExternalTokens tokens = verifier();
  SigningKey stranger(SigningKey::Kind::kP256);
  EXPECT_EQ(reason(tokens.verify(stranger.sign(claims(), {{"kid", "ec-1"}}))),
            "The signature is invalid");
  std::string token = ed25519_->sign(claims());
  const std::size_t dot = token.find('.');
  token[dot + 5] = token[dot + 5] == 'A' ? 'B' : 'A';
  EXPECT_NE(reason(tokens.verify(token)), "(accepted)");
}

TEST_F(ExternalTokensTest, ChecksIssuerAudienceTimesAndSubject) {
  const ExternalTokens tokens = verifier();
  const std::pair<json::object, const char*> cases[] = {
      {claims({{"iss", "https://evil.example.com"}}), "The issuer is invalid"},
      {claims({{"aud", "someone-else"}}), "The audience is invalid"},
      {claims({{"exp", kNow - 1}}), "The token is expired"},
      {claims({{"nbf", kNow + 60}}), "The token is not yet valid"},
      {claims({{"sub", ""}}), "The token is malformed"},
      {claims({{"sub", std::string(256, 's')}}), "The token is malformed"},
  };
  for (const auto& [payload, message] : cases) {
    EXPECT_EQ(reason(tokens.verify(p256_->sign(payload))), message) << json::serialize(payload);
  }
  json::object no_exp = claims();
  no_exp.erase("exp");
  EXPECT_EQ(reason(tokens.verify(p256_->sign(no_exp))), "The token has no expiration");
  json::object no_name = claims();
  no_name.erase("preferred_username");
  auto identity = tokens.verify(p256_->sign(no_name));
  ASSERT_TRUE(identity.ok());
  EXPECT_EQ(identity->preferred_name, "");
}

TEST_F(ExternalTokensTest, TheJwksIsCheckedKeyByKey) {
  json::object small_rsa = SigningKey(SigningKey::Kind::kRsa, 1024).jwk("small");
  json::object wrong_alg = p256_->jwk("ec-2");
  wrong_alg["alg"] = "RS256";
  json::object encryption = ed25519_->jwk("ed-2");
  encryption["use"] = "enc";
  json::object other_curve = p256_->jwk("ec-3");
  other_curve["crv"] = "P-384";
  json::object off_curve = p256_->jwk("ec-4");
  off_curve["y"] = base64UrlEncode(std::string(32, '\x01'));
  json::object symmetric{{"kty", "oct"}, {"k", "c2VjcmV0"}};
  const std::pair<json::object, const char*> cases[] = {
      {small_rsa, "key 1 (kid small): an RSA key must have 2048 to 16384 bits"},
      {wrong_alg, "key 1 (kid ec-2): its alg RS256 is not ES256"},
      {encryption, "key 1 (kid ed-2): its use is not \"sig\""},
      {other_curve, "key 1 (kid ec-3): an EC key must be on curve P-256"},
      {off_curve, "key 1 (kid ec-4): the P-256 key is not a point on the curve"},
      {symmetric, "key 1: its kty is not RSA, EC or OKP"},
  };
  for (const auto& [jwk, message] : cases) {
    auto keys = parseJwks(json::serialize(json::object{{"keys", json::array{jwk}}}));
    ASSERT_FALSE(keys.ok()) << message;
    EXPECT_EQ(keys.error().message, message);
  }
  EXPECT_FALSE(parseJwks("{}").ok());
  EXPECT_FALSE(parseJwks(R"({"keys": []})").ok());
  EXPECT_FALSE(parseJwks("not json").ok());
}

}  // namespace
}  // namespace chat
