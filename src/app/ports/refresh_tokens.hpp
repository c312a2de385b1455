#pragma once
// Port: refresh tokens, stored only as digests. Tokens of one login form a family:
// each refresh replaces the used token with a new one of the same family.
// Thread-safe: may be called from any worker thread.
#include <string>
#include <string_view>

#include "domain/ids.hpp"
#include "domain/result.hpp"
#include "domain/time.hpp"

namespace chat {

struct RefreshTokenRecord {
  std::string digest;
  std::string family;
  UserId user_id = 0;
  Timestamp expires_at;
};

enum class RefreshTokenState {
  kValid,    // was unused and unexpired; it is now marked used
  kUnknown,  // never issued (or already cleaned up)
  kExpired,
  kReused,   // was already used once: a sign of theft
  kRevoked,  // its family was revoked (logout or theft)
};

struct ConsumedRefreshToken {
  RefreshTokenState state = RefreshTokenState::kUnknown;
  RefreshTokenRecord record;  // filled unless kUnknown
};

class RefreshTokens {
 public:
  virtual ~RefreshTokens() = default;
  // A token stored into a family that was revoked is stored revoked: a refresh racing
  // a logout (or a theft response) must not outlive it.
  virtual Status store(const RefreshTokenRecord& token) = 0;
  // Atomically marks the token used; two concurrent calls never both see kValid.
  virtual Result<ConsumedRefreshToken> consume(std::string_view digest, Timestamp now) = 0;
  virtual Status revokeFamily(std::string_view family) = 0;
  // Revokes every family of the user: all their sessions end at their next refresh.
  virtual Status revokeUser(UserId user) = 0;
};

}  // namespace chat
