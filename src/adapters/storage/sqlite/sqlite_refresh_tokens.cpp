#include "adapters/storage/sqlite/sqlite_refresh_tokens.hpp"

#include <string>

namespace chat::sqlite {

Status RefreshTokenRepository::store(const RefreshTokenRecord& token) {
  return database_.write([&](Connection& connection) -> Status {
    // Inheriting the family's revocation closes the race between a refresh and a logout
    // (or theft response) that revokes the family meanwhile.
    auto insert = connection.prepare(
        "INSERT INTO refresh_tokens (digest, family, user_id, expires_at, used_at, revoked) "
        "VALUES (?1, ?2, ?3, ?4, NULL, "
        "EXISTS (SELECT 1 FROM refresh_tokens WHERE family = ?2 AND revoked = 1))");
    if (!insert) return insert.error();
    return insert->bindText(1, token.digest)
        .bindText(2, token.family)
        .bindInt(3, token.user_id)
        .bindTime(4, token.expires_at)
        .run();
  });
}

Result<ConsumedRefreshToken> RefreshTokenRepository::consume(std::string_view digest,
                                                             Timestamp now) {
  return database_.write([&](Connection& connection) -> Result<ConsumedRefreshToken> {
    ConsumedRefreshToken consumed;
    bool used = false;
    bool revoked = false;
    {
      auto select = connection.prepare(
          "SELECT family, user_id, expires_at, used_at IS NOT NULL, revoked "
          "FROM refresh_tokens WHERE digest = ?");
      if (!select) return select.error();
      auto row = select->bindText(1, digest).step();
      if (!row) return row.error();
      if (!*row) return consumed;  // kUnknown, record left empty
      consumed.record = RefreshTokenRecord{std::string(digest), select->columnText(0),
                                           select->columnInt(1), select->columnTime(2)};
      used = select->columnInt(3) != 0;
      revoked = select->columnInt(4) != 0;
    }
    // Precedence: a revoked family outweighs reuse, and reuse (theft) outweighs expiry.
    if (revoked) {
      consumed.state = RefreshTokenState::kRevoked;
    } else if (used) {
      consumed.state = RefreshTokenState::kReused;
    } else if (consumed.record.expires_at <= now) {
      consumed.state = RefreshTokenState::kExpired;
    } else {
      auto mark = connection.prepare("UPDATE refresh_tokens SET used_at = ? WHERE digest = ?");
      if (!mark) return mark.error();
      if (auto marked = mark->bindTime(1, now).bindText(2, digest).run(); !marked) {
        return marked.error();
      }
      consumed.state = RefreshTokenState::kValid;
    }
    return consumed;
  });
}

Status RefreshTokenRepository::revokeFamily(std::string_view family) {
  return database_.write([&](Connection& connection) -> Status {
    auto update = connection.prepare("UPDATE refresh_tokens SET revoked = 1 WHERE family = ?");
    if (!update) return update.error();
    return update->bindText(1, family).run();
  });
}

Status RefreshTokenRepository::revokeUser(UserId user) {
  return database_.write([&](Connection& connection) -> Status {
    auto update = connection.prepare("UPDATE refresh_tokens SET revoked = 1 WHERE user_id = ?");
    if (!update) return update.error();
    return update->bindInt(1, user).run();
  });
}

}  // namespace chat::sqlite
