#pragma once
#include <string>

#include "app/session.hpp"

namespace chat {

// Trades a refresh token for a new session of the same family. A refresh token works
// once: presenting a used one ends the whole session (the family, its access tokens and
// connections), since someone else has it.
class RefreshSession {
 public:
  struct Command {
    std::string refresh_token;
  };

  explicit RefreshSession(UseCaseContext& context) : context_(context) {}
  Result<Session> handle(const Command& command);

 private:
  UseCaseContext& context_;
};

}  // namespace chat
