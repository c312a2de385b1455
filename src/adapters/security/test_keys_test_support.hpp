#pragma once
// For tests: signing keys made at test time (never kept in the repository), their public
// halves as JWKs, and JWTs signed with them as an identity provider would.
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <boost/json.hpp>
#include <memory>
#include <stdexcept>
#include <string>

#include "adapters/security/base64url.hpp"

namespace chat::test_keys {

struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

class SigningKey {
 public:
  enum class Kind { kRsa, kP256, kEd25519 };

  explicit SigningKey(Kind kind, int rsa_bits = 2048) : kind_(kind) {
    EVP_PKEY* key = nullptr;
    switch (kind) {
      case Kind::kRsa:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(rsa_bits));
        break;
      case Kind::kP256:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        break;
      case Kind::kEd25519:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
        break;
    }
    if (key == nullptr) throw std::runtime_error("key generation failed");
    key_.reset(key);
  }

  std::string algorithm() const {
    return kind_ == Kind::kRsa ? "RS256" : kind_ == Kind::kP256 ? "ES256" : "EdDSA";
  }

  // The public key as a JWK object.
  boost::json::object jwk(const std::string& kid) const {
    boost::json::object jwk{{"kid", kid}};
    if (kind_ == Kind::kRsa) {
      jwk["kty"] = "RSA";
      jwk["n"] = base64UrlEncode(bignum(OSSL_PKEY_PARAM_RSA_N));
      jwk["e"] = base64UrlEncode(bignum(OSSL_PKEY_PARAM_RSA_E));
    } else if (kind_ == Kind::kP256) {
      unsigned char point[65];
      size_t size = 0;
      EVP_PKEY_get_octet_string_param(key_.get(), OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point,
                                      &size);
      const std::string bytes(reinterpret_cast<const char*>(point), size);
      jwk["kty"] = "EC";
      jwk["crv"] = "P-256";
      jwk["x"] = base64UrlEncode(bytes.substr(1, 32));
      jwk["y"] = base64UrlEncode(bytes.substr(33, 32));
    } else {
      unsigned char raw[32];
      size_t size = sizeof raw;
      EVP_PKEY_get_raw_public_key(key_.get(), raw, &size);
      jwk["kty"] = "OKP";
      jwk["crv"] = "Ed25519";
      jwk["x"] = base64UrlEncode(std::string(reinterpret_cast<const char*>(raw), size));
    }
    return jwk;
  }

  // A compact JWS of `claims` with `header` (alg defaults to this key's).
  std::string sign(const boost::json::object& claims, boost::json::object header = {}) const {
    if (!header.contains("alg")) header["alg"] = algorithm();
    const std::string input = base64UrlEncode(boost::json::serialize(header)) + "." +
                              base64UrlEncode(boost::json::serialize(claims));
    return input + "." + base64UrlEncode(signature(input));
  }

 private:
  std::string bignum(const char* name) const {
    BIGNUM* bn = nullptr;
    EVP_PKEY_get_bn_param(key_.get(), name, &bn);
    std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
    BN_free(bn);
    return bytes;
  }

  std::string signature(const std::string& input) const {
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    const EVP_MD* digest = kind_ == Kind::kEd25519 ? nullptr : EVP_sha256();
    size_t size = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(input.data());
    EVP_DigestSignInit(context, nullptr, digest, nullptr, key_.get());
    EVP_DigestSign(context, nullptr, &size, data, input.size());
    std::string signature(size, '\0');
    EVP_DigestSign(context, reinterpret_cast<unsigned char*>(signature.data()), &size, data,
                   input.size());
    EVP_MD_CTX_free(context);
    signature.resize(size);
    if (kind_ != Kind::kP256) return signature;
    // DER to JWS's r || s.
    const auto* der = reinterpret_cast<const unsigned char*>(signature.data());
    ECDSA_SIG* pair = d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(signature.size()));
    std::string raw(64, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(pair), reinterpret_cast<unsigned char*>(raw.data()), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(pair), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
    ECDSA_SIG_free(pair);
    return raw;
  }

  Kind kind_;
  std::unique_ptr<EVP_PKEY, KeyFree> key_;
};

}  // namespace chat::test_keys
