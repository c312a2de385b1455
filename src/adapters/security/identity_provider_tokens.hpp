#pragma once
// The access tokens a server accepts with --jwt-public-keys: its own (HS256, checked by
// `own`) and an identity provider's (RS256, ES256, EdDSA, checked by `external`). Which
// checker sees a token follows its alg header, and each refuses any algorithm but its
// own, so the header never picks a key. A provider's token gives a Principal with only
// its subject and preferred name (user_id 0), for SignInExternalUser to complete.
// Thread-safe as its two checkers are.
#include "adapters/security/external_tokens.hpp"
#include "app/ports/access_tokens.hpp"

namespace chat {

class IdentityProviderTokens final : public AccessTokens {
 public:
  IdentityProviderTokens(AccessTokens& own, const ExternalTokens& external)
      : own_(own), external_(external) {}

  AccessToken issue(const Principal& principal) override { return own_.issue(principal); }
  Result<Principal> verify(std::string_view token) override;

 private:
  AccessTokens& own_;
  const ExternalTokens& external_;
};

}  // namespace chat
