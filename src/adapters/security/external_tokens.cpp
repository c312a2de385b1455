#include "adapters/security/external_tokens.hpp"

#include "adapters/security/jwt_claims.hpp"

namespace chat {

Result<ExternalIdentity> ExternalTokens::verify(std::string_view token) const {
  auto decoded = jwt::decode(token);
  if (!decoded) return decoded.error();
  const auto alg = jwt::stringMember(decoded->header, "alg");
  if (!alg) return Error::unauthorized(jwt::kMalformed);
  const auto kid = jwt::stringMember(decoded->header, "kid");
  if (decoded->header.contains("kid") && !kid) return Error::unauthorized(jwt::kMalformed);

  bool algorithm_agreed = false;
  bool verified = false;
  for (const PublicKey& key : keys_) {
    if (kid && key.kid() != *kid) continue;
    if (algorithmName(key.algorithm()) != *alg) continue;
    algorithm_agreed = true;
    if (key.verifies(decoded->signing_input, decoded->signature)) {
      verified = true;
      break;
    }
  }
  if (!algorithm_agreed) return Error::unauthorized(jwt::kBadAlgorithm);
  if (!verified) return Error::unauthorized(jwt::kBadSignature);

  const auto& claims = decoded->claims;
  if (auto valid =
          jwt::checkRegisteredClaims(claims, clock_.now(), options_.issuer, options_.audience);
      !valid) {
    return valid.error();
  }
  const auto sub = jwt::stringMember(claims, "sub");
  if (!sub || sub->empty() || sub->size() > kMaxSubjectBytes) {
    return Error::unauthorized(jwt::kMalformed);
  }
  const auto preferred = jwt::stringMember(claims, "preferred_username");
  return ExternalIdentity{std::string(*sub), std::string(preferred.value_or(""))};
}

}  // namespace chat
