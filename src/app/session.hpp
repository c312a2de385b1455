#pragma once
// A signed-in session: a short-lived access token and a one-use refresh token.
#include <string>

#include "app/ports/access_tokens.hpp"
#include "app/use_case_context.hpp"

namespace chat {

struct Session {
  AccessToken access_token;
  std::string refresh_token;
};

// Issues an access token and a refresh token of `family` for `principal`.
Result<Session> openSession(UseCaseContext& context, const Principal& principal,
                            const std::string& family);

}  // namespace chat
