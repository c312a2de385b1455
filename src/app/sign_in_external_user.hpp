#pragma once
// The account of someone an identity provider vouches for (--jwt-public-keys): found by
// the provider's issuer and subject, or made at their first request, named after their
// preferred_username where that name is valid and free. Reads (and may write) the
// database: call it on a worker thread, once per subject (the adapter keeps the answer).
#include <string>

#include "app/use_case_context.hpp"

namespace chat {

// What an external account keeps in place of a password hash: its link to the provider's
// subject. No password ever verifies against it, so it can not be logged into locally.
std::string externalCredential(std::string_view issuer, std::string_view subject);

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

  // The names tried, in order: the preferred name (or the subject, or "user"), then with
  // "-2" to "-9" after it.
  static std::vector<std::string> candidateNames(const Command& command);

 private:
  UseCaseContext& context_;
};

}  // namespace chat
