#pragma once
// Refresh token repository on SQLite (digests only). Holds a reference to the Database it
// does not own. Thread-safe (all access goes through Database::read/write); consume()
// checks and marks in one write transaction, so two calls never both see kValid.
#include "adapters/storage/sqlite/sqlite_database.hpp"
#include "app/ports/refresh_tokens.hpp"

namespace chat::sqlite {

class RefreshTokenRepository final : public RefreshTokens {
 public:
  explicit RefreshTokenRepository(Database& database) : database_(database) {}

  // A token stored into a family that is already revoked is stored revoked.
  Status store(const RefreshTokenRecord& token) override;
  Result<ConsumedRefreshToken> consume(std::string_view digest, Timestamp now) override;
  Status revokeFamily(std::string_view family) override;
  Status revokeUser(UserId user) override;

 private:
  Database& database_;
};

}  // namespace chat::sqlite
