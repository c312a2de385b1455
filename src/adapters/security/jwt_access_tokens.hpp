#pragma once
// Thread-safe: after create() the object is immutable; issue() and verify() may run
// concurrently as long as the Clock given to create() is thread-safe.
//
// JWT HS256 written by hand over OpenSSL's HMAC: Debian 12's libjwt 1.10 cannot pin the
// algorithm before verifying and has no claim validation, while HS256 itself is a few lines.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "app/ports/access_tokens.hpp"
#include "app/ports/clock.hpp"

namespace chat {

struct JwtOptions {
  std::string key;  // raw signing key bytes, at least kMinKeyBytes long
  std::string issuer = "ChatServer";
  std::string audience = "ChatServer";
  std::chrono::seconds lifetime{7200};
};

class JwtAccessTokens final : public AccessTokens {
 public:
  static constexpr std::size_t kMinKeyBytes = 32;
  static constexpr std::size_t kMaxTokenBytes = 8 * 1024;
  static constexpr std::size_t kMaxSessionIdBytes = 128;

  // Error::invalid when the key is shorter than kMinKeyBytes or the lifetime is not positive.
  // `clock` must outlive the returned object.
  static Result<std::unique_ptr<JwtAccessTokens>> create(JwtOptions options, Clock& clock);
  ~JwtAccessTokens() override;

  JwtAccessTokens(const JwtAccessTokens&) = delete;
  JwtAccessTokens& operator=(const JwtAccessTokens&) = delete;

  // Claims: sub (user name), uid (number), id (string), rol, sid (the session, when the
  // principal has one), jti, iat, nbf, exp, iss, aud.
  AccessToken issue(const Principal& principal) override;
  // Error::unauthorized("The token is malformed" / "... algorithm is not allowed" /
  // "The signature is invalid" / "... has no expiration" / "... is expired" /
  // "... is not yet valid" / "The issuer is invalid" / "The audience is invalid").
  Result<Principal> verify(std::string_view token) override;

 private:
  JwtAccessTokens(JwtOptions options, Clock& clock);

  JwtOptions options_;
  Clock& clock_;
};

}  // namespace chat
