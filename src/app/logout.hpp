#pragma once
#include <string>

#include "app/use_case_context.hpp"

namespace chat {

// Ends a session: revokes the refresh token's family and ends its access tokens and open
// connections at once. Unknown tokens are ignored so that logging out twice is not an error.
class Logout {
 public:
  struct Command {
    std::string refresh_token;
  };

  explicit Logout(UseCaseContext& context) : context_(context) {}
  Status handle(const Command& command);

 private:
  UseCaseContext& context_;
};

}  // namespace chat
