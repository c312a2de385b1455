#pragma once
// What every JWT check here shares, whoever signed the token (this server's HS256 tokens,
// an identity provider's RS256, ES256 or EdDSA ones): the compact form's three parts, the
// JSON of the header and claims, and the registered claims (exp, nbf, iss, aud) that
// RFC 7519 and RFC 8725 ask a receiver to check. Thread-safe: pure functions.
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "domain/time.hpp"

namespace chat::jwt {

inline constexpr std::size_t kMaxTokenBytes = 8 * 1024;

inline constexpr const char* kMalformed = "The token is malformed";
inline constexpr const char* kBadAlgorithm = "The token algorithm is not allowed";
inline constexpr const char* kBadSignature = "The signature is invalid";

// A compact JWS, decoded: header and payload as JSON objects, the signature as bytes, and
// the signing input ("header.payload") it covers.
struct DecodedToken {
  boost::json::object header;
  boost::json::object claims;
  std::string signature;
  std::string_view signing_input;
};

// kUnauthorized kMalformed unless `token` is three base64url parts whose first two are
// JSON objects, within kMaxTokenBytes.
Result<DecodedToken> decode(std::string_view token);

std::optional<std::string_view> stringMember(const boost::json::object& object,
                                             std::string_view name);
std::optional<std::int64_t> integerMember(const boost::json::object& object, std::string_view name);

// exp (required) in the future and nbf (if present) not, with no clock skew; iss equal to
// `issuer`; aud equal to, or an array holding, `audience`. kUnauthorized with the reason.
Status checkRegisteredClaims(const boost::json::object& claims, Timestamp now,
                             std::string_view issuer, std::string_view audience);

}  // namespace chat::jwt
