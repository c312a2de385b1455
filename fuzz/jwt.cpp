// Fuzzes JwtAccessTokens::verify with raw tokens and with tokens signed over fuzzed header and
// claims; checks issue -> verify round trips, and that whatever verifies was signed and valid.
#include <fuzzer/FuzzedDataProvider.h>

#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "adapters/security/base64url.hpp"
#include "adapters/security/hmac_sha256.hpp"
#include "adapters/security/jwt_access_tokens.hpp"
#include "domain/validation.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace chat;

constexpr std::string_view kKey = "fuzzing-key-fuzzing-key-fuzzing-key!";
// 2026-01-01T00:00:00Z: the corpus's exp/nbf claims sit around it.
constexpr std::int64_t kNowSeconds = 1767225600;

class FixedClock : public Clock {
 public:
  Timestamp now() override { return Timestamp(std::chrono::milliseconds(now_ms)); }
  std::int64_t now_ms = kNowSeconds * 1000;
};

FixedClock& fixedClock() {
  static FixedClock instance;
  return instance;
}

JwtAccessTokens& tokens() {
  static const std::unique_ptr<JwtAccessTokens> instance = [] {
    auto created = JwtAccessTokens::create(JwtOptions{.key = std::string(kKey)}, fixedClock());
    FUZZ_CHECK(created.ok(), "cannot create the token service");
    return std::move(created).value();
  }();
  return *instance;
}

// Base64url is canonical: what decodes encodes back to the same text.
void checkBase64(std::string_view text) {
  if (auto bytes = base64UrlDecode(text)) {
    FUZZ_CHECK(base64UrlEncode(*bytes) == text, "base64url decoding is not canonical");
  }
}

// A token verify() accepted: a header naming HS256, a valid signature, claims in force.
void checkAccepted(std::string_view token, const Principal& principal) {
  FUZZ_CHECK(principal.user_id > 0 && !principal.user_name.empty(), "an empty principal");
  const std::size_t second_dot = token.rfind('.');
  const auto signature = base64UrlDecode(token.substr(second_dot + 1));
  const auto expected = hmacSha256(kKey, token.substr(0, second_dot));
  FUZZ_CHECK(signature && expected && *signature == *expected, "accepted a bad signature");
  const auto payload =
      base64UrlDecode(token.substr(token.find('.') + 1, second_dot - token.find('.') - 1));
  FUZZ_CHECK(payload.has_value(), "accepted an undecodable payload");
  boost::system::error_code ec;
  const boost::json::value claims = boost::json::parse(*payload, ec);
  FUZZ_CHECK(!ec && claims.is_object(), "accepted claims that are no object");
  const boost::json::value* sub = claims.get_object().if_contains("sub");
  FUZZ_CHECK(sub && sub->is_string() && sub->get_string() == principal.user_name,
             "the user name is not the sub claim");
  const boost::json::value* exp = claims.get_object().if_contains("exp");
  FUZZ_CHECK(exp && exp->is_number() && exp->to_number<double>() > kNowSeconds,
             "accepted an expired token");
}

void verifyOne(std::string_view token) {
  auto principal = tokens().verify(token);
  if (principal) {
    checkAccepted(token, *principal);
  } else {
    FUZZ_CHECK(principal.error().kind == ErrorKind::kUnauthorized, "not a 401");
  }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  switch (input.ConsumeIntegralInRange<int>(0, 2)) {
    case 0: {  // a raw token, as a client sends it
      const std::string token = input.ConsumeRemainingBytesAsString();
      for (std::size_t start = 0, dot = 0; dot != std::string::npos; start = dot + 1) {
        dot = token.find('.', start);
        checkBase64(std::string_view(token).substr(start, dot - start));
      }
      verifyOne(token);
      break;
    }
    case 1: {  // header and claims as JSON text, correctly signed
      const std::string header = input.ConsumeRandomLengthString(256);
      const std::string claims = input.ConsumeRemainingBytesAsString();
      std::string token = base64UrlEncode(header) + '.' + base64UrlEncode(claims);
      const auto mac = hmacSha256(kKey, token);
      FUZZ_CHECK(mac.has_value(), "HMAC failed");
      token += '.' + base64UrlEncode(*mac);
      verifyOne(token);
      break;
    }
    default: {  // issue, then verify at a later time
      Principal principal;
      principal.user_id = input.ConsumeIntegralInRange<std::int64_t>(1, INT64_MAX);
      principal.user_name = input.ConsumeRandomLengthString(128);
      const std::int64_t later_ms = input.ConsumeIntegralInRange<std::int64_t>(0, 8000 * 1000);
      const AccessToken issued = tokens().issue(principal);
      fixedClock().now_ms = kNowSeconds * 1000 + later_ms;
      auto verified = tokens().verify(issued.token);
      fixedClock().now_ms = kNowSeconds * 1000;
      const bool expired = later_ms >= issued.expires_in_seconds * 1000;
      if (expired) FUZZ_CHECK(!verified.ok(), "verified an expired token");
      // Every name registration accepts must come back; any name that verifies must be kept.
      if (!expired && validateUserName(principal.user_name)) {
        FUZZ_CHECK(verified.ok(), "a token it issued does not verify");
      }
      if (verified) {
        FUZZ_CHECK(verified->user_id == principal.user_id, "the user id changed");
        FUZZ_CHECK(verified->user_name == principal.user_name, "the user name changed");
      }
      break;
    }
  }
  return 0;
}
