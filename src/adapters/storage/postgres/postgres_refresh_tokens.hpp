#pragma once
// Refresh token repository on PostgreSQL (digests only). Borrows connections from a Pool
// it does not own. Thread-safe: consume() marks a token used with one conditional
// UPDATE, so two calls never both see kValid; store() and revokeFamily() take an
// advisory lock on the family, so a token stored while its family is being revoked is
// revoked too, whichever commits first.
#include "adapters/storage/postgres/postgres_pool.hpp"
#include "app/ports/refresh_tokens.hpp"

namespace chat::postgres {

class RefreshTokenRepository final : public RefreshTokens {
 public:
  explicit RefreshTokenRepository(Pool& pool) : pool_(pool) {}

  Status store(const RefreshTokenRecord& token) override;
  Result<ConsumedRefreshToken> consume(std::string_view digest, Timestamp now) override;
  Status revokeFamily(std::string_view family) override;
  Status revokeUser(UserId user) override;

 private:
  Pool& pool_;
};

}  // namespace chat::postgres
