#pragma once
// Thread-safe: stateless; libsodium's random generator and hashing are thread-safe.
#include <string>
#include <string_view>

#include "app/ports/secrets.hpp"

namespace chat {

class SodiumSecrets final : public Secrets {
 public:
  SodiumSecrets();

  // 32 random bytes as unpadded base64url: 43 characters from [A-Za-z0-9_-].
  std::string randomToken() override;
  // SHA-256 of `token` as 64 lowercase hex digits.
  std::string digest(std::string_view token) override;
};

}  // namespace chat
