#include "app/session.hpp"

namespace chat {

Result<Session> openSession(UseCaseContext& context, const Principal& principal,
                            const std::string& family) {
  Session session{context.access_tokens.issue(principal), context.secrets.randomToken()};
  RefreshTokenRecord record{context.secrets.digest(session.refresh_token), family,
                            principal.user_id,
                            context.clock.now() + context.refresh_token_lifetime};
  if (auto stored = context.storage.refreshTokens().store(record); !stored) {
    return stored.error();
  }
  return session;
}

}  // namespace chat
