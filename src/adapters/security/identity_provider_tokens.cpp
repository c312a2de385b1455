#include "adapters/security/identity_provider_tokens.hpp"

#include "adapters/security/jwt_claims.hpp"

namespace chat {

Result<Principal> IdentityProviderTokens::verify(std::string_view token) {
  auto decoded = jwt::decode(token);
  if (!decoded) return decoded.error();
  if (jwt::stringMember(decoded->header, "alg") == "HS256") return own_.verify(token);
  auto identity = external_.verify(token);
  if (!identity) return identity.error();
  Principal principal;
  principal.user_name = std::move(identity->preferred_name);
  principal.external_subject = std::move(identity->subject);
  return principal;
}

}  // namespace chat
