#include "adapters/security/jwt_access_tokens.hpp"

#include <sodium.h>

#include <boost/json.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

#include "adapters/security/base64url.hpp"
#include "adapters/security/hmac_sha256.hpp"
#include "adapters/security/sodium_init.hpp"

namespace chat {
namespace {

namespace json = boost::json;

constexpr std::string_view kHeader = R"({"alg":"HS256","typ":"JWT"})";
constexpr const char* kMalformed = "The token is malformed";
constexpr const char* kBadAlgorithm = "The token algorithm is not allowed";
constexpr const char* kBadSignature = "The signature is invalid";
constexpr const char* kNoExpiration = "The token has no expiration";
constexpr const char* kExpired = "The token is expired";
constexpr const char* kNotYetValid = "The token is not yet valid";
constexpr const char* kBadIssuer = "The issuer is invalid";
constexpr const char* kBadAudience = "The audience is invalid";

std::optional<json::object> parseObject(std::string_view text) {
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

std::optional<std::string_view> stringClaim(const json::object& object, std::string_view name) {
  const json::value* value = object.if_contains(name);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  const json::string& text = value->get_string();
  return std::string_view(text.data(), text.size());
}

// A NumericDate (seconds since the epoch, possibly fractional). Never NaN or infinite:
// Boost.JSON 1.81 reads "0e400" as NaN, which no comparison with the clock would refuse.
std::optional<double> numberClaim(const json::value& value) {
  if (value.is_int64()) return static_cast<double>(value.get_int64());
  if (value.is_uint64()) return static_cast<double>(value.get_uint64());
  if (value.is_double() && std::isfinite(value.get_double())) return value.get_double();
  return std::nullopt;
}

std::optional<std::int64_t> integerClaim(const json::value& value) {
  if (value.is_int64()) return value.get_int64();
  if (value.is_uint64() &&
      value.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return static_cast<std::int64_t>(value.get_uint64());
  }
  return std::nullopt;
}

bool audienceMatches(const json::value& aud, std::string_view expected) {
  const auto equals = [&](const json::value& item) {
    return item.is_string() &&
           std::string_view(item.get_string().data(), item.get_string().size()) == expected;
  };
  if (aud.is_string()) return equals(aud);
  if (aud.is_array()) {
    for (const json::value& item : aud.get_array()) {
      if (equals(item)) return true;
    }
  }
  return false;
}

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
  if (token.size() > kMaxTokenBytes) return Error::unauthorized(kMalformed);
  const std::size_t first_dot = token.find('.');
  if (first_dot == std::string_view::npos) return Error::unauthorized(kMalformed);
  const std::size_t second_dot = token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos ||
      token.find('.', second_dot + 1) != std::string_view::npos) {
    return Error::unauthorized(kMalformed);
  }
  const std::string_view header_part = token.substr(0, first_dot);
  const std::string_view payload_part = token.substr(first_dot + 1, second_dot - first_dot - 1);
  const std::string_view signature_part = token.substr(second_dot + 1);

  // 1. The algorithm, before anything touches the key.
  const auto header_json = base64UrlDecode(header_part);
  if (!header_json) return Error::unauthorized(kMalformed);
  const auto header = parseObject(*header_json);
  if (!header) return Error::unauthorized(kMalformed);
  const auto alg = stringClaim(*header, "alg");
  if (!alg || *alg != "HS256") return Error::unauthorized(kBadAlgorithm);

  // 2. The signature over "header.payload", compared in constant time.
  const auto payload_json = base64UrlDecode(payload_part);
  const auto signature = base64UrlDecode(signature_part);
  if (!payload_json || !signature) return Error::unauthorized(kMalformed);
  const auto expected = hmacSha256(options_.key, token.substr(0, second_dot));
  if (!expected) return Error::internal("HMAC computation failed");
  if (!macsEqual(*signature, *expected)) return Error::unauthorized(kBadSignature);

  // 3. The claims (no clock skew).
  const auto claims = parseObject(*payload_json);
  if (!claims) return Error::unauthorized(kMalformed);
  const double now_ms = static_cast<double>(clock_.now().time_since_epoch().count());

  const json::value* exp_value = claims->if_contains("exp");
  if (exp_value == nullptr) return Error::unauthorized(kNoExpiration);
  const auto exp = numberClaim(*exp_value);
  if (!exp) return Error::unauthorized(kMalformed);
  if (!(*exp * 1000.0 > now_ms)) return Error::unauthorized(kExpired);

  if (const json::value* nbf_value = claims->if_contains("nbf")) {
    const auto nbf = numberClaim(*nbf_value);
    if (!nbf) return Error::unauthorized(kMalformed);
    if (!(*nbf * 1000.0 <= now_ms)) return Error::unauthorized(kNotYetValid);
  }

  const auto iss = stringClaim(*claims, "iss");
  if (!iss || *iss != options_.issuer) return Error::unauthorized(kBadIssuer);
  const json::value* aud = claims->if_contains("aud");
  if (aud == nullptr || !audienceMatches(*aud, options_.audience)) {
    return Error::unauthorized(kBadAudience);
  }

  const auto sub = stringClaim(*claims, "sub");
  const json::value* uid_value = claims->if_contains("uid");
  const auto uid = uid_value != nullptr ? integerClaim(*uid_value) : std::nullopt;
  if (!sub || sub->empty() || !uid || *uid <= 0) return Error::unauthorized(kMalformed);
  // Optional: tokens issued before sessions were named have none.
  std::string_view session_id;
  if (claims->contains("sid")) {
    const auto sid = stringClaim(*claims, "sid");
    if (!sid || sid->empty() || sid->size() > kMaxSessionIdBytes) {
      return Error::unauthorized(kMalformed);
    }
    session_id = *sid;
  }
  return Principal{*uid, std::string(*sub), std::string(session_id)};
}

}  // namespace chat
