#pragma once
// Port: random secrets and their one-way digests (for refresh tokens).
#include <string>
#include <string_view>

namespace chat {

class Secrets {
 public:
  virtual ~Secrets() = default;
  // A fresh URL-safe random token with at least 256 bits of entropy.
  virtual std::string randomToken() = 0;
  // A stable one-way digest of `token`, safe to store.
  virtual std::string digest(std::string_view token) = 0;
};

}  // namespace chat
