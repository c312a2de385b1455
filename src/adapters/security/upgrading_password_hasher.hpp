#pragma once
// The server's password hasher: new hashes are the current one's (argon2id); it also
// verifies the ASP.NET Core Identity hashes that `admin import-original` brought over,
// and asks for those to be rehashed, so each imported account moves to argon2id at its
// first login. Thread-safe as the current hasher is.
#include "app/ports/password_hasher.hpp"

namespace chat {

class UpgradingPasswordHasher final : public PasswordHasher {
 public:
  explicit UpgradingPasswordHasher(PasswordHasher& current) : current_(current) {}

  Result<std::string> hash(std::string_view password) override;
  bool verify(std::string_view stored_hash, std::string_view password) override;
  bool needsRehash(std::string_view stored_hash) override;

 private:
  PasswordHasher& current_;
};

}  // namespace chat
