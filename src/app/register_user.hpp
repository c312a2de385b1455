#pragma once
#include <string>

#include "app/use_case_context.hpp"
#include "domain/rate_limiter.hpp"

namespace chat {

// Creates an account. Registrations are rate-limited per client address (on this node and,
// where the context has shared limits, across the cluster): each one costs a password hash,
// and a script must not mint accounts by the thousand. Hashes the password: call it on a
// worker thread.
class RegisterUser {
 public:
  struct Command {
    std::string first_name;
    std::string last_name;
    std::string email;
    std::string user_name;
    std::string password;
    std::string client_address;
  };

  RegisterUser(UseCaseContext& context, RateLimiter::Options per_address)
      : context_(context), per_address_options_(per_address), per_address_(per_address) {}
  Result<UserId> handle(const Command& command);

 private:
  int waitBeforeRegistering(const std::string& address);

  UseCaseContext& context_;
  RateLimiter::Options per_address_options_;
  RateLimiter per_address_;
};

// Registration's work without its rate limit (an administrator's `user create`): checks
// the fields, hashes the password and stores the account. kConflict when the name is taken.
Result<UserId> createAccount(UseCaseContext& context, const RegisterUser::Command& command);

}  // namespace chat
