#pragma once
// The account of someone an identity provider vouches for (--jwt-public-keys): found by
// its link to the provider's issuer and subject, or made at their first request and
// named after their preferred_username where that name is valid and free. External
// accounts have no password (an empty hash verifies none). Reads (and may write) the
// database: call it on a worker thread, once per subject (the adapter keeps the answer).
#include <string>
#include <vector>

#include "app/use_case_context.hpp"

namespace chat {

class SignInExternalUser {
 public:
  struct Command {
    std::string issuer;
    std::string subject;
    std::string preferred_name;  // may be empty or not a valid user name
  };

  explicit SignInExternalUser(UseCaseContext& context) : context_(context) {}

  // kForbidden for a locked account; kConflict when every name it could take is taken.
  Result<Principal> handle(const Command& command);

  // The names tried for a new account, in order: the preferred name (or else the subject,
  // or else "user"), then with "-2" to "-9" after it. A name someone holds is never taken.
  static std::vector<std::string> candidateNames(const Command& command);

 private:
  UseCaseContext& context_;
};

}  // namespace chat
