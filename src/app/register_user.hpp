#pragma once
#include <string>

#include "app/use_case_context.hpp"

namespace chat {

// Creates an account. Hashes the password: call it on a worker thread.
class RegisterUser {
 public:
  struct Command {
    std::string first_name;
    std::string last_name;
    std::string email;
    std::string user_name;
    std::string password;
  };

  explicit RegisterUser(UseCaseContext& context) : context_(context) {}
  Result<UserId> handle(const Command& command);

 private:
  UseCaseContext& context_;
};

}  // namespace chat
