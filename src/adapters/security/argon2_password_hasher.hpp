#pragma once
// Thread-safe: the hasher holds only immutable options; libsodium's hashing is reentrant.
// Each call is slow and uses `memlimit` bytes of memory: keep it off network threads.
#include <cstddef>
#include <string>
#include <string_view>

#include "app/ports/password_hasher.hpp"

namespace chat {

// Argon2id cost parameters. The defaults are OWASP's minimum recommendation
// (m = 19 MiB, t = 2, p = 1); tests may lower memlimit to stay fast.
struct Argon2Options {
  unsigned long long opslimit = 2;          // iterations (t)
  std::size_t memlimit = 19 * 1024 * 1024;  // bytes (m = memlimit / 1024 KiB)
};

class Argon2PasswordHasher final : public PasswordHasher {
 public:
  explicit Argon2PasswordHasher(Argon2Options options = {});

  // An encoded "$argon2id$v=19$m=...,t=...,p=1$salt$hash" string with a fresh random salt;
  // Error::internal when out of memory (or the options are out of libsodium's range).
  Result<std::string> hash(std::string_view password) override;
  // True when `password` matches `stored_hash` (any Argon2 variant libsodium understands).
  bool verify(std::string_view stored_hash, std::string_view password) override;
  // True for a hash made with other parameters than these options (or that is no Argon2id
  // hash at all), so that raising the cost reaches every account at its next login.
  bool needsRehash(std::string_view stored_hash) override;

 private:
  Argon2Options options_;
};

}  // namespace chat
