#pragma once
// Access tokens that end with their session: verify() refuses a token, valid otherwise,
// whose session has ended (logout, a stolen refresh token) since it was issued. The check
// is a memory lookup, so it may run on the network threads.
//
// Thread-safe as `inner` is. Both references must outlive it.
#include "adapters/security/revoked_sessions.hpp"
#include "app/ports/access_tokens.hpp"

namespace chat {

class SessionCheckedAccessTokens final : public AccessTokens {
 public:
  static constexpr const char* kSessionEnded = "The session has ended";

  SessionCheckedAccessTokens(AccessTokens& inner, const RevokedSessions& revoked)
      : inner_(inner), revoked_(revoked) {}

  AccessToken issue(const Principal& principal) override { return inner_.issue(principal); }
  // As `inner`, or Error::unauthorized(kSessionEnded).
  Result<Principal> verify(std::string_view token) override;

 private:
  AccessTokens& inner_;
  const RevokedSessions& revoked_;
};

}  // namespace chat
