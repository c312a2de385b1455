#pragma once
#include <mutex>
#include <string>

#include "app/session.hpp"
#include "domain/rate_limiter.hpp"

namespace chat {

// Checks a user name and password and opens a session. Attempts are rate-limited per
// user name and per client address. Verifies a password hash: call on a worker thread.
class Login {
 public:
  struct Command {
    std::string user_name;
    std::string password;
    std::string client_address;
  };

  Login(UseCaseContext& context, RateLimiter::Options per_name, RateLimiter::Options per_address)
      : context_(context), per_name_(per_name), per_address_(per_address) {}
  Result<Session> handle(const Command& command);

 private:
  // A hash to check against when the user does not exist, so that a failed login takes
  // as long whether or not the name is taken (no user enumeration by timing).
  const std::string& decoyHash();

  UseCaseContext& context_;
  RateLimiter per_name_;
  RateLimiter per_address_;
  std::once_flag decoy_once_;
  std::string decoy_hash_;
};

}  // namespace chat
