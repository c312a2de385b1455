#include "adapters/security/upgrading_password_hasher.hpp"

#include "adapters/security/aspnet_identity_hash.hpp"

namespace chat {
namespace {

bool isImported(std::string_view stored_hash) {
  return stored_hash.starts_with(kAspNetIdentityHashPrefix);
}

}  // namespace

Result<std::string> UpgradingPasswordHasher::hash(std::string_view password) {
  return current_.hash(password);
}

bool UpgradingPasswordHasher::verify(std::string_view stored_hash, std::string_view password) {
  if (isImported(stored_hash)) {
    return verifyAspNetIdentityHash(stored_hash.substr(kAspNetIdentityHashPrefix.size()), password);
  }
  return current_.verify(stored_hash, password);
}

bool UpgradingPasswordHasher::needsRehash(std::string_view stored_hash) {
  return isImported(stored_hash) || current_.needsRehash(stored_hash);
}

}  // namespace chat
