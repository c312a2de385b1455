#pragma once
// The public keys of an identity provider, from a JWKS document (RFC 7517): RSA (RS256),
// EC P-256 (ES256) and Ed25519 (EdDSA) signing keys. Each key fixes its one algorithm, as
// RFC 8725 asks: a token's `alg` header only has to agree with it, never chooses it.
// Thread-safe once loaded: keys are immutable, OpenSSL's verification is reentrant.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

struct evp_pkey_st;

namespace chat {

enum class JwsAlgorithm { kRs256, kEs256, kEdDsa };

// The JWS name: "RS256", "ES256", "EdDSA".
std::string_view algorithmName(JwsAlgorithm algorithm);

class PublicKey {
 public:
  PublicKey(std::string kid, JwsAlgorithm algorithm, std::shared_ptr<evp_pkey_st> key)
      : kid_(std::move(kid)), algorithm_(algorithm), key_(std::move(key)) {}

  const std::string& kid() const { return kid_; }
  JwsAlgorithm algorithm() const { return algorithm_; }
  // Whether `signature` (JWS encoding: ES256's is r and s, 32 bytes each) signs `input`.
  bool verifies(std::string_view input, std::string_view signature) const;

 private:
  std::string kid_;
  JwsAlgorithm algorithm_;
  std::shared_ptr<evp_pkey_st> key_;
};

inline constexpr std::size_t kMaxJwksBytes = 1 << 20;
inline constexpr std::size_t kMaxJwksKeys = 100;

// Error::invalid naming the key (its index and kid) for anything not usable: an unknown
// kty or curve, an `alg` that is not the key's, `use` other than "sig", an RSA key under
// 2048 bits, a point not on the curve.
Result<std::vector<PublicKey>> parseJwks(std::string_view json);
Result<std::vector<PublicKey>> loadJwksFile(const std::filesystem::path& path);

}  // namespace chat
