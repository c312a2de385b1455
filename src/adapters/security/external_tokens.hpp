#pragma once
// Access tokens an identity provider signed (--jwt-public-keys): checked against its
// public keys, its issuer and the audience it issues them for. Whom a token names is the
// provider's `sub`; `preferred_username` is what it would like the user called.
// Thread-safe: immutable after construction.
#include <string>
#include <vector>

#include "adapters/security/jwk_public_keys.hpp"
#include "app/ports/clock.hpp"

namespace chat {

struct ExternalTokenOptions {
  std::string issuer;
  std::string audience;
};

struct ExternalIdentity {
  std::string subject;
  std::string preferred_name;  // empty when the token has none
};

class ExternalTokens {
 public:
  static constexpr std::size_t kMaxSubjectBytes = 255;

  ExternalTokens(std::vector<PublicKey> keys, ExternalTokenOptions options, Clock& clock)
      : keys_(std::move(keys)), options_(std::move(options)), clock_(clock) {}

  // The key is the one the token's `kid` names (or, without a kid, any key), and the
  // token's `alg` must be that key's algorithm. kUnauthorized with the reason otherwise,
  // or when exp, nbf, iss, aud or sub are not as they must be.
  Result<ExternalIdentity> verify(std::string_view token) const;

 private:
  std::vector<PublicKey> keys_;
  ExternalTokenOptions options_;
  Clock& clock_;
};

}  // namespace chat
