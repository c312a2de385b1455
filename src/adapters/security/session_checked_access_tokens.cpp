#include "adapters/security/session_checked_access_tokens.hpp"

namespace chat {

Result<Principal> SessionCheckedAccessTokens::verify(std::string_view token) {
  auto principal = inner_.verify(token);
  if (principal && revoked_.contains(principal->session_id)) {
    return Error::unauthorized(kSessionEnded);
  }
  return principal;
}

}  // namespace chat
