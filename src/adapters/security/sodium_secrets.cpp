#include "adapters/security/sodium_secrets.hpp"

#include <sodium.h>

#include "adapters/security/base64url.hpp"
#include "adapters/security/sodium_init.hpp"

namespace chat {

SodiumSecrets::SodiumSecrets() {
  ensureSodiumInitialized();
}

std::string SodiumSecrets::randomToken() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  std::string token = base64UrlEncode({reinterpret_cast<const char*>(bytes), sizeof bytes});
  sodium_memzero(bytes, sizeof bytes);
  return token;
}

std::string SodiumSecrets::digest(std::string_view token) {
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return std::string(hex, crypto_hash_sha256_BYTES * 2);
}

}  // namespace chat
