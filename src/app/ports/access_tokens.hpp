#pragma once
// Port: short-lived signed access tokens (JWT in production).
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "domain/user.hpp"

namespace chat {

struct AccessToken {
  std::string token;
  int expires_in_seconds = 0;
};

class AccessTokens {
 public:
  virtual ~AccessTokens() = default;
  virtual AccessToken issue(const Principal& principal) = 0;
  // kUnauthorized with a short reason ("The token is expired", ...) when not valid.
  virtual Result<Principal> verify(std::string_view token) = 0;
};

}  // namespace chat
