#include "app/session.hpp"

namespace chat {

Result<Session> openSession(UseCaseContext& context, const Principal& principal,
                            const std::string& family) {
  Principal holder = principal;
  holder.session_id = sessionIdOf(context, family);
  Session session{context.access_tokens.issue(holder), context.secrets.randomToken()};
  RefreshTokenRecord record{context.secrets.digest(session.refresh_token), family,
                            principal.user_id,
                            context.clock.now() + context.refresh_token_lifetime};
  if (auto stored = context.storage.refreshTokens().store(record); !stored) {
    return stored.error();
  }
  return session;
}

Status endSession(UseCaseContext& context, const std::string& family) {
  // Whatever storage then says: with the family not revoked (storage down), its tokens
  // are still refused for as long as the session is remembered as ended.
  if (context.session_revocations) {
    context.session_revocations->sessionEnded(sessionIdOf(context, family));
  }
  return context.storage.refreshTokens().revokeFamily(family);
}

std::string sessionIdOf(UseCaseContext& context, const std::string& family) {
  // The prefix keeps it apart from refresh-token digests; 128 bits are plenty for an id.
  return context.secrets.digest("session:" + family).substr(0, 32);
}

}  // namespace chat
