#include "app/logout.hpp"

#include "app/session.hpp"

namespace chat {

Status Logout::handle(const Command& command) {
  if (command.refresh_token.empty() || command.refresh_token.size() > 256) {
    return Error::invalid("refreshToken is required");
  }
  auto& tokens = context_.storage.refreshTokens();
  auto consumed =
      tokens.consume(context_.secrets.digest(command.refresh_token), context_.clock.now());
  if (!consumed) return consumed.error();
  if (consumed->state == RefreshTokenState::kUnknown) return {};
  return endSession(context_, consumed->record.family);
}

}  // namespace chat
