#pragma once
// Port: a storage engine (SQLite, PostgreSQL) gives access to every repository.
#include "app/ports/groups.hpp"
#include "app/ports/messages.hpp"
#include "app/ports/refresh_tokens.hpp"
#include "app/ports/users.hpp"

namespace chat {

class Storage {
 public:
  virtual ~Storage() = default;
  virtual Users& users() = 0;
  virtual Groups& groups() = 0;
  virtual Messages& messages() = 0;
  virtual RefreshTokens& refreshTokens() = 0;
  // Cheap round trip to the database, for health checks.
  virtual Status ping() = 0;
  // Finishes the writes already accepted (their callbacks run), then refuses new ones.
  // Call before anything those callbacks reach is destroyed.
  virtual void stopWrites() = 0;
};

}  // namespace chat
