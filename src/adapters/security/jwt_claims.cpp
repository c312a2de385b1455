#include "adapters/security/jwt_claims.hpp"

#include <cmath>
#include <limits>

#include "adapters/security/base64url.hpp"

namespace chat::jwt {
namespace {

namespace json = boost::json;

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

// A NumericDate (seconds since the epoch, possibly fractional). Never NaN or infinite:
// Boost.JSON 1.81 reads "0e400" as NaN, which no comparison with the clock would refuse.
std::optional<double> numberClaim(const json::value& value) {
  if (value.is_int64()) return static_cast<double>(value.get_int64());
  if (value.is_uint64()) return static_cast<double>(value.get_uint64());
  if (value.is_double() && std::isfinite(value.get_double())) return value.get_double();
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

}  // namespace

Result<DecodedToken> decode(std::string_view token) {
  if (token.size() > kMaxTokenBytes) return Error::unauthorized(kMalformed);
  const std::size_t first_dot = token.find('.');
  if (first_dot == std::string_view::npos) return Error::unauthorized(kMalformed);
  const std::size_t second_dot = token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos ||
      token.find('.', second_dot + 1) != std::string_view::npos) {
    return Error::unauthorized(kMalformed);
  }
  const auto header_json = base64UrlDecode(token.substr(0, first_dot));
  const auto payload_json =
      base64UrlDecode(token.substr(first_dot + 1, second_dot - first_dot - 1));
  auto signature = base64UrlDecode(token.substr(second_dot + 1));
  if (!header_json || !payload_json || !signature) return Error::unauthorized(kMalformed);
  auto header = parseObject(*header_json);
  auto claims = parseObject(*payload_json);
  if (!header || !claims) return Error::unauthorized(kMalformed);
  return DecodedToken{std::move(*header), std::move(*claims), std::move(*signature),
                      token.substr(0, second_dot)};
}

std::optional<std::string_view> stringMember(const json::object& object, std::string_view name) {
  const json::value* value = object.if_contains(name);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  const json::string& text = value->get_string();
  return std::string_view(text.data(), text.size());
}

std::optional<std::int64_t> integerMember(const json::object& object, std::string_view name) {
  const json::value* value = object.if_contains(name);
  if (value == nullptr) return std::nullopt;
  if (value->is_int64()) return value->get_int64();
  if (value->is_uint64() &&
      value->get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return static_cast<std::int64_t>(value->get_uint64());
  }
  return std::nullopt;
}

Status checkRegisteredClaims(const json::object& claims, Timestamp now, std::string_view issuer,
                             std::string_view audience) {
  const double now_ms = static_cast<double>(now.time_since_epoch().count());
  const json::value* exp_value = claims.if_contains("exp");
  if (exp_value == nullptr) return Error::unauthorized(kNoExpiration);
  const auto exp = numberClaim(*exp_value);
  if (!exp) return Error::unauthorized(kMalformed);
  if (!(*exp * 1000.0 > now_ms)) return Error::unauthorized(kExpired);

  if (const json::value* nbf_value = claims.if_contains("nbf")) {
    const auto nbf = numberClaim(*nbf_value);
    if (!nbf) return Error::unauthorized(kMalformed);
    if (!(*nbf * 1000.0 <= now_ms)) return Error::unauthorized(kNotYetValid);
  }

  const auto iss = stringMember(claims, "iss");
  if (!iss || *iss != issuer) return Error::unauthorized(kBadIssuer);
  const json::value* aud = claims.if_contains("aud");
  if (aud == nullptr || !audienceMatches(*aud, audience)) return Error::unauthorized(kBadAudience);
  return {};
}

}  // namespace chat::jwt
