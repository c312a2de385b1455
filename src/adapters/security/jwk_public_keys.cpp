#include "adapters/security/jwk_public_keys.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <boost/json.hpp>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>

#include "adapters/security/base64url.hpp"

namespace chat {
namespace {

namespace json = boost::json;

struct BnFree {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
using Bignum = std::unique_ptr<BIGNUM, BnFree>;

std::shared_ptr<EVP_PKEY> own(EVP_PKEY* key) {
  return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

std::optional<std::string> member(const json::object& jwk, std::string_view name) {
  const json::value* value = jwk.if_contains(name);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string(value->get_string());
}

std::optional<std::string> bytesMember(const json::object& jwk, std::string_view name) {
  auto text = member(jwk, name);
  if (!text || text->empty()) return std::nullopt;
  return base64UrlDecode(*text);
}

// Builds a public key of `type` ("RSA", "EC") from OpenSSL parameters.
std::shared_ptr<EVP_PKEY> fromParams(const char* type, OSSL_PARAM_BLD* builder) {
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(builder);
  EVP_PKEY_CTX* context = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  EVP_PKEY* key = nullptr;
  const bool made = params != nullptr && context != nullptr &&
                    EVP_PKEY_fromdata_init(context) == 1 &&
                    EVP_PKEY_fromdata(context, &key, EVP_PKEY_PUBLIC_KEY, params) == 1;
  EVP_PKEY_CTX_free(context);
  OSSL_PARAM_free(params);
  return made ? own(key) : nullptr;
}

Result<std::shared_ptr<EVP_PKEY>> rsaKey(const json::object& jwk) {
  const auto n = bytesMember(jwk, "n");
  const auto e = bytesMember(jwk, "e");
  if (!n || !e) return Error::invalid("an RSA key needs n and e");
  Bignum modulus(BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()),
                           static_cast<int>(n->size()), nullptr));
  Bignum exponent(BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()),
                            static_cast<int>(e->size()), nullptr));
  if (!modulus || !exponent) return Error::internal("out of memory");
  // RFC 8725 and NIST: RSA keys of at least 2048 bits; 16384 bounds the cost of a check.
  const int bits = BN_num_bits(modulus.get());
  if (bits < 2048 || bits > 16384) return Error::invalid("an RSA key must have 2048 to 16384 bits");
  OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
  std::shared_ptr<EVP_PKEY> key;
  if (builder != nullptr && OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, modulus.get()) &&
      OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, exponent.get())) {
    key = fromParams("RSA", builder);
  }
  OSSL_PARAM_BLD_free(builder);
  if (!key) return Error::invalid("the RSA key is not valid");
  return key;
}

Result<std::shared_ptr<EVP_PKEY>> p256Key(const json::object& jwk) {
  if (member(jwk, "crv") != "P-256") return Error::invalid("an EC key must be on curve P-256");
  const auto x = bytesMember(jwk, "x");
  const auto y = bytesMember(jwk, "y");
  if (!x || !y || x->size() != 32 || y->size() != 32) {
    return Error::invalid("a P-256 key needs x and y of 32 bytes");
  }
  const std::string point = '\x04' + *x + *y;  // uncompressed
  OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
  std::shared_ptr<EVP_PKEY> key;
  char group[] = "prime256v1";
  if (builder != nullptr &&
      OSSL_PARAM_BLD_push_utf8_string(builder, OSSL_PKEY_PARAM_GROUP_NAME, group, 0) &&
      OSSL_PARAM_BLD_push_octet_string(builder, OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size())) {
    key = fromParams("EC", builder);
  }
  OSSL_PARAM_BLD_free(builder);
  if (!key) return Error::invalid("the P-256 key is not a point on the curve");
  // fromdata checks the encoding only; the point itself must be on the curve.
  EVP_PKEY_CTX* check = EVP_PKEY_CTX_new(key.get(), nullptr);
  const bool on_curve = check != nullptr && EVP_PKEY_public_check(check) == 1;
  EVP_PKEY_CTX_free(check);
  if (!on_curve) return Error::invalid("the P-256 key is not a point on the curve");
  return key;
}

Result<std::shared_ptr<EVP_PKEY>> ed25519Key(const json::object& jwk) {
  if (member(jwk, "crv") != "Ed25519") return Error::invalid("an OKP key must be Ed25519");
  const auto x = bytesMember(jwk, "x");
  if (!x || x->size() != 32) return Error::invalid("an Ed25519 key needs x of 32 bytes");
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(x->data()), x->size());
  if (key == nullptr) return Error::invalid("the Ed25519 key is not valid");
  return own(key);
}

Result<PublicKey> parseKey(const json::object& jwk) {
  const auto kty = member(jwk, "kty");
  const auto use = member(jwk, "use");
  if (use && *use != "sig") return Error::invalid("its use is not \"sig\"");
  JwsAlgorithm algorithm = JwsAlgorithm::kRs256;
  Result<std::shared_ptr<EVP_PKEY>> key = Error::invalid("its kty is not RSA, EC or OKP");
  if (kty == "RSA") {
    algorithm = JwsAlgorithm::kRs256;
    key = rsaKey(jwk);
  } else if (kty == "EC") {
    algorithm = JwsAlgorithm::kEs256;
    key = p256Key(jwk);
  } else if (kty == "OKP") {
    algorithm = JwsAlgorithm::kEdDsa;
    key = ed25519Key(jwk);
  } else {
    return key.error();
  }
  if (!key) return key.error();
  // A key that names its algorithm must name the one this kind of key is used with here.
  if (const auto alg = member(jwk, "alg"); alg && *alg != algorithmName(algorithm)) {
    return Error::invalid("its alg " + *alg + " is not " + std::string(algorithmName(algorithm)));
  }
  return PublicKey(member(jwk, "kid").value_or(""), algorithm, std::move(key).value());
}

// JWS's ES256 signature is r || s; OpenSSL verifies the DER encoding of the pair.
std::optional<std::string> derFromRaw(std::string_view signature) {
  if (signature.size() != 64) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(signature.data());
  ECDSA_SIG* pair = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(bytes, 32, nullptr);
  BIGNUM* s = BN_bin2bn(bytes + 32, 32, nullptr);
  if (pair == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(pair, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(pair);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  const int size = i2d_ECDSA_SIG(pair, &der);
  ECDSA_SIG_free(pair);
  if (size <= 0) return std::nullopt;
  std::string encoded(reinterpret_cast<const char*>(der), static_cast<std::size_t>(size));
  OPENSSL_free(der);
  return encoded;
}

}  // namespace

std::string_view algorithmName(JwsAlgorithm algorithm) {
  switch (algorithm) {
    case JwsAlgorithm::kRs256:
      return "RS256";
    case JwsAlgorithm::kEs256:
      return "ES256";
    case JwsAlgorithm::kEdDsa:
      return "EdDSA";
  }
  return "";
}

bool PublicKey::verifies(std::string_view input, std::string_view signature) const {
  std::optional<std::string> der;
  if (algorithm_ == JwsAlgorithm::kEs256) {
    der = derFromRaw(signature);
    if (!der) return false;
    signature = *der;
  }
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  if (context == nullptr) return false;
  // Ed25519 hashes as part of the scheme: no digest is named for it.
  const EVP_MD* digest = algorithm_ == JwsAlgorithm::kEdDsa ? nullptr : EVP_sha256();
  const bool valid =
      EVP_DigestVerifyInit(context, nullptr, digest, nullptr, key_.get()) == 1 &&
      EVP_DigestVerify(context, reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(input.data()),
                       input.size()) == 1;
  EVP_MD_CTX_free(context);
  return valid;
}

Result<std::vector<PublicKey>> parseJwks(std::string_view text) {
  if (text.size() > kMaxJwksBytes) return Error::invalid("the JWKS is larger than 1 MiB");
  boost::system::error_code ec;
  json::value root = json::parse(text, ec);
  const json::value* keys =
      !ec && root.is_object() ? root.as_object().if_contains("keys") : nullptr;
  if (keys == nullptr || !keys->is_array()) {
    return Error::invalid("the JWKS is not a JSON object with a \"keys\" array");
  }
  const json::array& list = keys->get_array();
  if (list.empty() || list.size() > kMaxJwksKeys) {
    return Error::invalid("the JWKS must have 1 to 100 keys");
  }
  std::vector<PublicKey> parsed;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string name = "key " + std::to_string(i + 1);
    if (!list[i].is_object()) return Error::invalid(name + " is not an object");
    auto key = parseKey(list[i].get_object());
    if (!key) {
      const auto kid = member(list[i].get_object(), "kid");
      return Error::invalid(name + (kid ? " (kid " + *kid + ")" : "") + ": " + key.error().message);
    }
    parsed.push_back(std::move(key).value());
  }
  return parsed;
}

Result<std::vector<PublicKey>> loadJwksFile(const std::filesystem::path& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) return Error::invalid("cannot read " + path.string() + ": " + error.message());
  if (size > kMaxJwksBytes) return Error::invalid(path.string() + " is larger than 1 MiB");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) return Error::invalid("cannot read " + path.string());
  auto keys = parseJwks(text.str());
  if (!keys) return Error::invalid(path.string() + ": " + keys.error().message);
  return keys;
}

}  // namespace chat
