#pragma once
// Port: slow, salted password hashing. Calls are CPU-heavy: never on a network thread.
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace chat {

class PasswordHasher {
 public:
  virtual ~PasswordHasher() = default;
  virtual Result<std::string> hash(std::string_view password) = 0;
  virtual bool verify(std::string_view stored_hash, std::string_view password) = 0;
  // Whether a hash that verified should be replaced by a new hash() of the same password:
  // it is in an older scheme (an imported account's) or made with weaker parameters.
  virtual bool needsRehash(std::string_view stored_hash) = 0;
};

}  // namespace chat
