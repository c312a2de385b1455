#pragma once
#include <mutex>
#include <string>

#include "app/session.hpp"
#include "domain/rate_limiter.hpp"

namespace chat {

// Checks a user name and password and opens a session. Attempts are rate-limited per
// client address, per user name from one address, and per user name from anywhere (which
// refuses wrong passwords only), on this node and, where the context has shared limits,
// across the cluster. Verifies a password hash: call on a worker thread.
class Login {
 public:
  struct Command {
    std::string user_name;
    std::string password;
    std::string client_address;
  };

  Login(UseCaseContext& context, RateLimiter::Options per_name, RateLimiter::Options per_address)
      : context_(context),
        per_name_options_(per_name),
        per_address_options_(per_address),
        per_name_(per_name),
        per_name_from_address_(per_name),
        per_address_(per_address) {}
  Result<Session> handle(const Command& command);

 private:
  // A hash to check against when the user does not exist, so that a failed login takes
  // as long whether or not the name is taken (no user enumeration by timing).
  const std::string& decoyHash();
  // Seconds to wait before the next attempt of this name from this address; 0 for now.
  struct Waits {
    int refused = 0;    // every attempt is refused: this address is over a limit
    int name_only = 0;  // the name is over its limit: wrong passwords are refused
  };
  Waits waitsBeforeAttempt(const std::string& name_key, const std::string& address, Timestamp now);
  Result<Session> checkPassword(const Command& command);
  void upgradeHash(const User& user, std::string_view password);

  UseCaseContext& context_;
  RateLimiter::Options per_name_options_;
  RateLimiter::Options per_address_options_;
  RateLimiter per_name_;
  RateLimiter per_name_from_address_;
  RateLimiter per_address_;
  std::once_flag decoy_once_;
  std::string decoy_hash_;
};

}  // namespace chat
