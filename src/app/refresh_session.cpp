#include "app/refresh_session.hpp"

namespace chat {
namespace {
constexpr const char* kInvalidRefresh = "Invalid refresh token";
}

Result<Session> RefreshSession::handle(const Command& command) {
  if (command.refresh_token.empty() || command.refresh_token.size() > 256) {
    return Error::unauthorized(kInvalidRefresh);
  }
  auto& tokens = context_.storage.refreshTokens();
  auto consumed =
      tokens.consume(context_.secrets.digest(command.refresh_token), context_.clock.now());
  if (!consumed) return consumed.error();
  switch (consumed->state) {
    case RefreshTokenState::kValid:
      break;
    case RefreshTokenState::kReused:
      if (auto revoked = endSession(context_, consumed->record.family); !revoked) {
        return revoked.error();
      }
      return Error::unauthorized(kInvalidRefresh);
    case RefreshTokenState::kUnknown:
    case RefreshTokenState::kExpired:
    case RefreshTokenState::kRevoked:
      return Error::unauthorized(kInvalidRefresh);
  }
  auto user = context_.storage.users().findById(consumed->record.user_id);
  if (!user) return user.error();
  if (!user->has_value() || (*user)->locked) return Error::unauthorized(kInvalidRefresh);
  return openSession(context_, Principal{(*user)->id, (*user)->user_name}, consumed->record.family);
}

}  // namespace chat
