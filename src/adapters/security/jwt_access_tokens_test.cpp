#include "adapters/security/jwt_access_tokens.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json.hpp>

#include "adapters/security/base64url.hpp"

namespace chat {
namespace {

namespace json = boost::json;
using std::chrono::seconds;

constexpr std::int64_t kNow = 1'700'000'000;  // Unix seconds

class FakeClock : public Clock {
 public:
  Timestamp now() override { return time; }
  Timestamp time{std::chrono::milliseconds(kNow * 1000 + 500)};
};

const std::string kKey(32, 'k');

std::string hmac(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &length);
  return std::string(reinterpret_cast<const char*>(mac), length);
}

// A token with the given header and claims, signed with HS256 and `key`.
std::string craft(const json::value& header, const json::value& claims,
                  std::string_view key = kKey) {
  const std::string input =
      base64UrlEncode(json::serialize(header)) + "." + base64UrlEncode(json::serialize(claims));
  return input + "." + base64UrlEncode(hmac(key, input));
}

json::object goodHeader() {
  return {{"alg", "HS256"}, {"typ", "JWT"}};
}

json::object goodClaims() {
  return {{"sub", "alice"}, {"uid", 42},           {"exp", kNow + 60},
          {"nbf", kNow},    {"iss", "ChatServer"}, {"aud", "ChatServer"}};
}

class JwtAccessTokensTest : public ::testing::Test {
 protected:
  JwtAccessTokens& tokens() { return **tokens_; }

  void expectRejected(std::string_view token, std::string_view reason) {
    const auto result = tokens().verify(token);
    ASSERT_FALSE(result.ok()) << token;
    EXPECT_EQ(result.error().kind, ErrorKind::kUnauthorized);
    EXPECT_EQ(result.error().message, reason) << token;
  }

  FakeClock clock_;
  Result<std::unique_ptr<JwtAccessTokens>> tokens_ = JwtAccessTokens::create({.key = kKey}, clock_);
};

TEST_F(JwtAccessTokensTest, IssuedTokenVerifies) {
  ASSERT_TRUE(tokens_.ok());
  const AccessToken issued = tokens().issue({42, "alice"});
  EXPECT_EQ(issued.expires_in_seconds, 7200);
  const auto principal = tokens().verify(issued.token);
  ASSERT_TRUE(principal.ok()) << principal.error().message;
  EXPECT_EQ(principal->user_id, 42);
  EXPECT_EQ(principal->user_name, "alice");
}

TEST_F(JwtAccessTokensTest, IssuedTokenHasExpectedShape) {
  const std::string token = tokens().issue({42, "alice"}).token;
  EXPECT_EQ(token.find('='), std::string::npos);
  const std::size_t dot1 = token.find('.');
  const std::size_t dot2 = token.find('.', dot1 + 1);
  ASSERT_NE(dot2, std::string::npos);
  EXPECT_EQ(base64UrlDecode(token.substr(0, dot1)), R"({"alg":"HS256","typ":"JWT"})");

  const auto payload = base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1));
  ASSERT_TRUE(payload.has_value());
  const json::object claims = json::parse(*payload).as_object();
  EXPECT_EQ(claims.at("sub"), "alice");
  EXPECT_EQ(claims.at("uid"), 42);
  EXPECT_EQ(claims.at("id"), "42");
  EXPECT_EQ(claims.at("rol"), "api_access");
  EXPECT_FALSE(claims.contains("sid"));  // a principal without a session
  EXPECT_TRUE(claims.at("jti").is_string());
  EXPECT_FALSE(claims.at("jti").get_string().empty());
  EXPECT_EQ(claims.at("iat"), kNow);
  EXPECT_EQ(claims.at("nbf"), kNow);
  EXPECT_EQ(claims.at("exp"), kNow + 7200);
  EXPECT_EQ(claims.at("iss"), "ChatServer");
  EXPECT_EQ(claims.at("aud"), "ChatServer");

  EXPECT_NE(tokens().issue({42, "alice"}).token, token);  // distinct jti
}

TEST_F(JwtAccessTokensTest, UsesConfiguredOptions) {
  auto custom = JwtAccessTokens::create(
      {.key = kKey, .issuer = "me", .audience = "you", .lifetime = seconds(60)}, clock_);
  ASSERT_TRUE(custom.ok());
  const AccessToken issued = (*custom)->issue({7, "bob"});
  EXPECT_EQ(issued.expires_in_seconds, 60);
  EXPECT_TRUE((*custom)->verify(issued.token).ok());
  expectRejected(issued.token, "The issuer is invalid");  // default options expect ChatServer
}

TEST_F(JwtAccessTokensTest, TokenExpiresAfterLifetime) {
  const std::string token = tokens().issue({42, "alice"}).token;
  clock_.time += seconds(7199);
  EXPECT_TRUE(tokens().verify(token).ok());
  clock_.time += seconds(1);
  expectRejected(token, "The token is expired");
}

TEST_F(JwtAccessTokensTest, RejectsShortKey) {
  const auto created = JwtAccessTokens::create({.key = std::string(31, 'k')}, clock_);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().kind, ErrorKind::kInvalid);
  EXPECT_TRUE(JwtAccessTokens::create({.key = std::string(32, 'k')}, clock_).ok());
}

TEST_F(JwtAccessTokensTest, CraftedGoodTokenVerifies) {
  // Guards the rejection tests below: only the one changed field makes them fail.
  const auto principal = tokens().verify(craft(goodHeader(), goodClaims()));
  ASSERT_TRUE(principal.ok()) << principal.error().message;
  EXPECT_EQ(principal->user_id, 42);
}

TEST_F(JwtAccessTokensTest, RejectsMalformedTokens) {
  const std::string good = craft(goodHeader(), goodClaims());
  expectRejected("", "The token is malformed");
  expectRejected("abc", "The token is malformed");
  expectRejected("a.b", "The token is malformed");
  expectRejected(good + ".x", "The token is malformed");
  expectRejected(good + "=", "The token is malformed");
  expectRejected("!!!" + good, "The token is malformed");
  // Valid base64url, but not JSON.
  expectRejected(base64UrlEncode("{nope") + good.substr(good.find('.')), "The token is malformed");
  // Oversize.
  json::object big = goodClaims();
  big["pad"] = std::string(9000, 'p');
  expectRejected(craft(goodHeader(), big), "The token is malformed");
}

TEST_F(JwtAccessTokensTest, RejectsDisallowedAlgorithms) {
  json::object header = goodHeader();
  header["alg"] = "none";
  const std::string unsigned_token = base64UrlEncode(json::serialize(header)) + "." +
                                     base64UrlEncode(json::serialize(goodClaims())) + ".";
  expectRejected(unsigned_token, "The token algorithm is not allowed");
  for (const char* alg : {"HS512", "RS256", "hs256", "HS256 "}) {
    header["alg"] = alg;
    expectRejected(craft(header, goodClaims()), "The token algorithm is not allowed");
  }
  header.erase("alg");
  expectRejected(craft(header, goodClaims()), "The token algorithm is not allowed");
  header["alg"] = 256;
  expectRejected(craft(header, goodClaims()), "The token algorithm is not allowed");
}

TEST_F(JwtAccessTokensTest, RejectsBadSignatures) {
  const std::string good = craft(goodHeader(), goodClaims());
  const std::size_t dot1 = good.find('.');
  const std::size_t dot2 = good.find('.', dot1 + 1);

  json::object other = goodClaims();
  other["uid"] = 1;
  const std::string tampered_payload =
      good.substr(0, dot1 + 1) + base64UrlEncode(json::serialize(other)) + good.substr(dot2);
  expectRejected(tampered_payload, "The signature is invalid");

  std::string tampered_signature = good;
  tampered_signature[dot2 + 1] = tampered_signature[dot2 + 1] == 'A' ? 'B' : 'A';
  expectRejected(tampered_signature, "The signature is invalid");

  expectRejected(good.substr(0, dot2 + 1), "The signature is invalid");  // empty signature
  expectRejected(craft(goodHeader(), goodClaims(), std::string(32, 'x')),
                 "The signature is invalid");
}

TEST_F(JwtAccessTokensTest, RejectsMissingExpiration) {
  json::object claims = goodClaims();
  claims.erase("exp");
  expectRejected(craft(goodHeader(), claims), "The token has no expiration");
}

TEST_F(JwtAccessTokensTest, RejectsExpiredToken) {
  json::object claims = goodClaims();
  claims["exp"] = kNow;  // now is kNow + 0.5 s
  expectRejected(craft(goodHeader(), claims), "The token is expired");
  claims["exp"] = kNow + 1;
  EXPECT_TRUE(tokens().verify(craft(goodHeader(), claims)).ok());
  clock_.time = Timestamp(seconds(kNow + 1));  // exactly at exp: already expired
  expectRejected(craft(goodHeader(), claims), "The token is expired");
  clock_.time -= std::chrono::milliseconds(1);
  EXPECT_TRUE(tokens().verify(craft(goodHeader(), claims)).ok());
}

// Boost.JSON reads "0e400" as NaN and "1e400" as infinity; neither is a time.
TEST_F(JwtAccessTokensTest, RejectsTimesThatAreNoNumbers) {
  const auto signedClaims = [](std::string_view exp, std::string_view nbf) {
    const std::string claims = R"({"sub":"alice","uid":42,"iss":"ChatServer","aud":"ChatServer",)"
                               R"("exp":)" +
                               std::string(exp) + R"(,"nbf":)" + std::string(nbf) + "}";
    const std::string input =
        base64UrlEncode(json::serialize(goodHeader())) + "." + base64UrlEncode(claims);
    return input + "." + base64UrlEncode(hmac(kKey, input));
  };
  const std::string now = std::to_string(kNow);
  const std::string later = std::to_string(kNow + 60);
  ASSERT_TRUE(tokens().verify(signedClaims(later, now)).ok());
  expectRejected(signedClaims("0e400", now), "The token is malformed");
  expectRejected(signedClaims("1e400", now), "The token is malformed");
  expectRejected(signedClaims(later, "0e400"), "The token is malformed");
  expectRejected(signedClaims(later, "-1e400"), "The token is malformed");
}

TEST_F(JwtAccessTokensTest, RejectsTokenNotYetValid) {
  json::object claims = goodClaims();
  claims["nbf"] = kNow + 1;
  expectRejected(craft(goodHeader(), claims), "The token is not yet valid");
  clock_.time += seconds(1);
  EXPECT_TRUE(tokens().verify(craft(goodHeader(), claims)).ok());
}

TEST_F(JwtAccessTokensTest, RejectsWrongIssuer) {
  json::object claims = goodClaims();
  claims["iss"] = "Someone";
  expectRejected(craft(goodHeader(), claims), "The issuer is invalid");
  claims.erase("iss");
  expectRejected(craft(goodHeader(), claims), "The issuer is invalid");
}

TEST_F(JwtAccessTokensTest, ChecksAudience) {
  json::object claims = goodClaims();
  claims["aud"] = "Someone";
  expectRejected(craft(goodHeader(), claims), "The audience is invalid");
  claims["aud"] = json::array{"Someone", "Else"};
  expectRejected(craft(goodHeader(), claims), "The audience is invalid");
  claims.erase("aud");
  expectRejected(craft(goodHeader(), claims), "The audience is invalid");

  claims["aud"] = json::array{"Someone", "ChatServer"};
  EXPECT_TRUE(tokens().verify(craft(goodHeader(), claims)).ok());
}

TEST_F(JwtAccessTokensTest, RejectsMissingOrInvalidSubject) {
  for (const char* field : {"sub", "uid"}) {
    json::object claims = goodClaims();
    claims.erase(field);
    expectRejected(craft(goodHeader(), claims), "The token is malformed");
  }
  json::object claims = goodClaims();
  claims["uid"] = "42";
  expectRejected(craft(goodHeader(), claims), "The token is malformed");
  claims["uid"] = 42;
  claims["sub"] = 5;
  expectRejected(craft(goodHeader(), claims), "The token is malformed");
}

TEST_F(JwtAccessTokensTest, CarriesTheSessionId) {
  const std::string token = tokens().issue({42, "alice", "session-1"}).token;
  const std::size_t dot1 = token.find('.');
  const std::size_t dot2 = token.find('.', dot1 + 1);
  const auto payload = base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1));
  ASSERT_TRUE(payload.has_value());
  EXPECT_EQ(json::parse(*payload).as_object().at("sid"), "session-1");
  const auto principal = tokens().verify(token);
  ASSERT_TRUE(principal.ok()) << principal.error().message;
  EXPECT_EQ(principal->session_id, "session-1");
}

TEST_F(JwtAccessTokensTest, ATokenWithoutSessionHasNone) {
  const auto principal = tokens().verify(craft(goodHeader(), goodClaims()));
  ASSERT_TRUE(principal.ok());
  EXPECT_TRUE(principal->session_id.empty());
}

TEST_F(JwtAccessTokensTest, RejectsAnInvalidSessionId) {
  for (const json::value& bad :
       {json::value(5), json::value(""),
        json::value(std::string(JwtAccessTokens::kMaxSessionIdBytes + 1, 's'))}) {
    json::object claims = goodClaims();
    claims["sid"] = bad;
    expectRejected(craft(goodHeader(), claims), "The token is malformed");
  }
}

}  // namespace
}  // namespace chat
