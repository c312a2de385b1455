#pragma once
// A signed-in session: a short-lived access token and a one-use refresh token. A session
// is a refresh-token family; its access tokens name it by a digest of the family (the
// family itself stays in storage), so that ending the session can end them too.
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

// Revokes `family` and ends the access tokens and open connections of its session.
Status endSession(UseCaseContext& context, const std::string& family);

// The session id that access tokens of `family` carry.
std::string sessionIdOf(UseCaseContext& context, const std::string& family);

}  // namespace chat
