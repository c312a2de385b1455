#include "adapters/security/argon2_password_hasher.hpp"

#include <sodium.h>

#include "adapters/security/sodium_init.hpp"

namespace chat {

Argon2PasswordHasher::Argon2PasswordHasher(Argon2Options options) : options_(options) {
  ensureSodiumInitialized();
}

Result<std::string> Argon2PasswordHasher::hash(std::string_view password) {
  char encoded[crypto_pwhash_STRBYTES] = {};
  if (crypto_pwhash_str_alg(encoded, password.data(), password.size(), options_.opslimit,
                            options_.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error::internal("Password hashing failed (out of memory)");
  }
  return std::string(encoded);
}

namespace {

// libsodium reads a NUL-terminated string of at most crypto_pwhash_STRBYTES bytes.
bool readable(std::string_view stored_hash) {
  return !stored_hash.empty() && stored_hash.size() < crypto_pwhash_STRBYTES &&
         stored_hash.find('\0') == std::string_view::npos;
}

}  // namespace

bool Argon2PasswordHasher::verify(std::string_view stored_hash, std::string_view password) {
  if (!readable(stored_hash)) return false;
  const std::string terminated(stored_hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool Argon2PasswordHasher::needsRehash(std::string_view stored_hash) {
  if (!readable(stored_hash)) return true;
  const std::string terminated(stored_hash);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), options_.opslimit, options_.memlimit) !=
         0;
}

}  // namespace chat
