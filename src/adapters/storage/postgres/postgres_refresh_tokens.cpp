#include "adapters/storage/postgres/postgres_refresh_tokens.hpp"

#include <array>
#include <cstdint>
#include <string>

namespace chat::postgres {
namespace {

// The first key of the families' advisory locks (the two-key form, a space of its own).
constexpr std::int64_t kFamilyLockSpace = 0x72667431;  // "rft1"

// The second key: a hash of the family (FNV-1a folded to 31 bits), the same on every node.
// Two families that share one merely wait for each other.
std::int64_t familyLockKey(std::string_view family) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : family) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return static_cast<std::int64_t>((hash ^ (hash >> 32)) & 0x7fffffff);
}

// Runs `change` in a transaction that holds the family's lock: one round trip.
Status underFamilyLock(Pool& pool, std::string_view family, Statement change) {
  return pool.run([&](Connection& connection) -> Status {
    const std::array<Statement, 4> statements{
        Statement{"BEGIN"},
        Statement{"SELECT pg_advisory_xact_lock($1::integer, $2::integer)",
                  Params().add(kFamilyLockSpace).add(familyLockKey(family))},
        std::move(change),
        Statement{"COMMIT"},
    };
    auto done = connection.pipeline(statements);
    if (!done) return done.error();
    return {};
  });
}

}  // namespace

Status RefreshTokenRepository::store(const RefreshTokenRecord& token) {
  // Inheriting the family's revocation closes the race between a refresh and a logout
  // (or theft response) that revokes the family meanwhile. A digest stored twice is a
  // primary key violation: kInternal, its text naming the constraint, not the digest.
  return underFamilyLock(
      pool_, token.family,
      Statement{
          "INSERT INTO refresh_tokens (digest, family, user_id, expires_at, used_at, "
          "revoked) VALUES ($1, $2, $3, $4, NULL, "
          "EXISTS (SELECT 1 FROM refresh_tokens WHERE family = $2 AND revoked))",
          Params().add(token.digest).add(token.family).add(token.user_id).add(token.expires_at)});
}

Result<ConsumedRefreshToken> RefreshTokenRepository::consume(std::string_view digest,
                                                             Timestamp now) {
  return pool_.run([&](Connection& connection) -> Result<ConsumedRefreshToken> {
    ConsumedRefreshToken consumed;
    // The common case in one statement: only an unused, unrevoked, unexpired token is
    // marked; a concurrent consumer waits for the row and then no longer matches.
    auto marked = connection.query(
        "UPDATE refresh_tokens SET used_at = $2 "
        "WHERE digest = $1 AND used_at IS NULL AND NOT revoked AND expires_at > $2 "
        "RETURNING family, user_id, expires_at",
        Params().add(digest).add(now));
    if (!marked) return marked.error();
    if (marked->rows() == 1) {
      consumed.state = RefreshTokenState::kValid;
      consumed.record = RefreshTokenRecord{std::string(digest), marked->string(0, 0),
                                           marked->integer(0, 1), marked->time(0, 2)};
      return consumed;
    }
    // Not valid: say why. Used and revoked only ever become true and expiry is fixed,
    // so what stopped the update still holds.
    auto found = connection.query(
        "SELECT family, user_id, expires_at, used_at IS NOT NULL, revoked "
        "FROM refresh_tokens WHERE digest = $1",
        Params().add(digest));
    if (!found) return found.error();
    if (found->rows() == 0) return consumed;  // kUnknown, record left empty
    consumed.record = RefreshTokenRecord{std::string(digest), found->string(0, 0),
                                         found->integer(0, 1), found->time(0, 2)};
    // Precedence: a revoked family outweighs reuse, and reuse (theft) outweighs expiry.
    if (found->boolean(0, 4)) {
      consumed.state = RefreshTokenState::kRevoked;
    } else if (found->boolean(0, 3)) {
      consumed.state = RefreshTokenState::kReused;
    } else if (consumed.record.expires_at <= now) {
      consumed.state = RefreshTokenState::kExpired;
    } else {
      // Committed between the two statements: it did not exist when the update ran.
      return ConsumedRefreshToken{};
    }
    return consumed;
  });
}

Status RefreshTokenRepository::revokeFamily(std::string_view family) {
  return underFamilyLock(pool_, family,
                         Statement{"UPDATE refresh_tokens SET revoked = true WHERE family = $1",
                                   Params().add(family)});
}

Status RefreshTokenRepository::revokeUser(UserId user) {
  return pool_.run([&](Connection& connection) -> Status {
    auto updated = connection.query("UPDATE refresh_tokens SET revoked = true WHERE user_id = $1",
                                    Params().add(user));
    if (!updated) return updated.error();
    return {};
  });
}

}  // namespace chat::postgres
