#include "adapters/security/jwt_access_tokens.hpp"

#include <sodium.h>

#include <boost/json.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

#include "adapters/security/base64url.hpp"
#include "adapters/security/hmac_sha256.hpp"
#include "adapters/security/jwt_claims.hpp"
#include "adapters/security/sodium_init.hpp"

namespace chat {
namespace {

namespace json = boost::json;

constexpr std::string_view kHeader = R"({"alg":"HS256","typ":"JWT"})";

std::string randomId() {
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return std::string(hex, sizeof bytes * 2);
}

}  // namespace

Result<std::unique_ptr<JwtAccessTokens>> JwtAccessTokens::create(JwtOptions options, Clock& clock) {
  if (options.key.size() < kMinKeyBytes) {
    return Error::invalid("The JWT signing key must be at least 32 bytes long");
  }
  if (options.lifetime.count() <= 0) {
    return Error::invalid("The access token lifetime must be positive");
  }
  return std::unique_ptr<JwtAccessTokens>(new JwtAccessTokens(std::move(options), clock));
}

JwtAccessTokens::JwtAccessTokens(JwtOptions options, Clock& clock)
    : options_(std::move(options)), clock_(clock) {
  ensureSodiumInitialized();
}

JwtAccessTokens::~JwtAccessTokens() {
  sodium_memzero(options_.key.data(), options_.key.size());
}

AccessToken JwtAccessTokens::issue(const Principal& principal) {
  const std::int64_t now =
      std::chrono::floor<std::chrono::seconds>(clock_.now()).time_since_epoch().count();
  json::object claims;
  claims["sub"] = principal.user_name;
  claims["uid"] = principal.user_id;
  claims["id"] = std::to_string(principal.user_id);
  claims["rol"] = "api_access";
  if (!principal.session_id.empty()) claims["sid"] = principal.session_id;
  claims["jti"] = randomId();
  claims["iat"] = now;
  claims["nbf"] = now;
  claims["exp"] = now + options_.lifetime.count();
  claims["iss"] = options_.issuer;
  claims["aud"] = options_.audience;

  std::string token = base64UrlEncode(kHeader) + '.' + base64UrlEncode(json::serialize(claims));
  const auto mac = hmacSha256(options_.key, token);
  // HMAC fails only when out of memory; an empty token then simply fails verification.
  if (!mac) return AccessToken{{}, 0};
  token += '.';
  token += base64UrlEncode(*mac);
  return AccessToken{std::move(token), static_cast<int>(options_.lifetime.count())};
}

Result<Principal> JwtAccessTokens::verify(std::string_view token) {
  auto decoded = jwt::decode(token);
  if (!decoded) return decoded.error();

  // 1. The algorithm, before anything touches the key.
  const auto alg = jwt::stringMember(decoded->header, "alg");
  if (!alg || *alg != "HS256") return Error::unauthorized(jwt::kBadAlgorithm);

  // 2. The signature over "header.payload", compared in constant time.
  const auto expected = hmacSha256(options_.key, decoded->signing_input);
  if (!expected) return Error::internal("HMAC computation failed");
  if (!macsEqual(decoded->signature, *expected)) return Error::unauthorized(jwt::kBadSignature);

  // 3. The claims (no clock skew).
  const json::object& claims = decoded->claims;
  if (auto valid =
          jwt::checkRegisteredClaims(claims, clock_.now(), options_.issuer, options_.audience);
      !valid) {
    return valid.error();
  }
  const auto sub = jwt::stringMember(claims, "sub");
  const auto uid = jwt::integerMember(claims, "uid");
  if (!sub || sub->empty() || !uid || *uid <= 0) return Error::unauthorized(jwt::kMalformed);
  // Optional: tokens issued before sessions were named have none.
  std::string_view session_id;
  if (claims.contains("sid")) {
    const auto sid = jwt::stringMember(claims, "sid");
    if (!sid || sid->empty() || sid->size() > kMaxSessionIdBytes) {
      return Error::unauthorized(jwt::kMalformed);
    }
    session_id = *sid;
  }
  return Principal{*uid, std::string(*sub), std::string(session_id)};
}

}  // namespace chat
