#pragma once
// Port: a storage engine (SQLite, PostgreSQL) gives access to every repository.
#include <cstdint>

#include "app/ports/groups.hpp"
#include "app/ports/messages.hpp"
#include "app/ports/refresh_tokens.hpp"
#include "app/ports/users.hpp"

namespace chat {

// What an administrator's `stats` shows.
struct StorageStatistics {
  std::int64_t users = 0;  // accounts, erased ones left out
  std::int64_t locked_users = 0;
  std::int64_t groups = 0;
  std::int64_t memberships = 0;
  std::int64_t messages = 0;
  std::int64_t bytes = 0;  // the database's size on disk, 0 when it has none
};

class Storage {
 public:
  virtual ~Storage() = default;
  virtual Users& users() = 0;
  virtual Groups& groups() = 0;
  virtual Messages& messages() = 0;
  virtual RefreshTokens& refreshTokens() = 0;
  // Cheap round trip to the database, for health checks.
  virtual Status ping() = 0;
  virtual Result<StorageStatistics> statistics() = 0;
  // Finishes the writes already accepted (their callbacks run), then refuses new ones.
  // Call before anything those callbacks reach is destroyed.
  virtual void stopWrites() = 0;
};

}  // namespace chat
