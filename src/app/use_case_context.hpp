#pragma once
// What every use case handler needs: the ports and the limits. Built once by the
// composition root; handlers keep a reference. Thread-safe as its ports are.
#include "app/ports/access_tokens.hpp"
#include "app/ports/clock.hpp"
#include "app/ports/group_events.hpp"
#include "app/ports/password_hasher.hpp"
#include "app/ports/presence.hpp"
#include "app/ports/secrets.hpp"
#include "app/ports/session_revocations.hpp"
#include "app/ports/shared_rate_limits.hpp"
#include "app/ports/storage.hpp"
#include "domain/limits.hpp"

namespace chat {

inline constexpr std::chrono::seconds kDefaultRefreshTokenLifetime = std::chrono::hours(24 * 14);

struct UseCaseContext {
  Storage& storage;
  PasswordHasher& passwords;
  AccessTokens& access_tokens;
  Secrets& secrets;
  Clock& clock;
  GroupEvents& events;
  Limits limits;
  std::chrono::seconds refresh_token_lifetime = kDefaultRefreshTokenLifetime;
  // Where several nodes serve: the login limits they count together. None on one node.
  SharedRateLimits* shared_rate_limits = nullptr;
  // Where ended sessions are told, to end their access tokens at once. Without it (tests
  // that do not look) those tokens live until they expire.
  SessionRevocations* session_revocations = nullptr;
  // Who has a hub connection now (the member list). Without it nobody shows as online.
  Presence* presence = nullptr;
};

}  // namespace chat
