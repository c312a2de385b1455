#include "adapters/storage/postgres/postgres_users.hpp"

#include <array>
#include <string>

namespace chat::postgres {
namespace {

// User names are ASCII only; the key makes them unique and searchable regardless of case.
std::string userNameKey(std::string_view user_name) {
  std::string key(user_name);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return key;
}

constexpr const char* kSelectUser =
    "SELECT id, user_name, first_name, last_name, email, password_hash, locked FROM users ";

Result<std::optional<User>> findOne(Pool& pool, std::string sql, Params params) {
  return pool.run([&](Connection& connection) -> Result<std::optional<User>> {
    auto rows = connection.query(sql.c_str(), params);
    if (!rows) return rows.error();
    if (rows->rows() == 0) return std::optional<User>();
    return std::optional<User>(User{rows->integer(0, 0), rows->string(0, 1), rows->string(0, 2),
                                    rows->string(0, 3), rows->string(0, 4), rows->string(0, 5),
                                    rows->boolean(0, 6)});
  });
}

// One statement that returns a row when it changed the user.
Result<bool> changeUser(Pool& pool, const char* sql, const Params& params) {
  return pool.run([&](Connection& connection) -> Result<bool> {
    auto rows = connection.query(sql, params);
    if (!rows) return rows.error();
    return rows->rows() > 0;
  });
}

// $1 to $7 of an insert into users.
Params userRow(const NewUser& user, Timestamp now) {
  Params params;
  params.add(user.user_name)
      .add(userNameKey(user.user_name))
      .add(user.first_name)
      .add(user.last_name)
      .add(user.email)
      .add(user.password_hash)
      .add(now);
  return params;
}

}  // namespace

Result<AddedUser> UserRepository::add(const NewUser& user, Timestamp now) {
  return pool_.run([&](Connection& connection) -> Result<AddedUser> {
    // DO NOTHING + RETURNING: a taken name (also one taken by a concurrent insert, which
    // this waits for) yields no row instead of a unique violation.
    auto rows = connection.query(
        "INSERT INTO users (user_name, user_name_key, first_name, last_name, email, "
        "password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
        "ON CONFLICT (user_name_key) DO NOTHING RETURNING id",
        userRow(user, now));
    if (!rows) return rows.error();
    if (rows->rows() == 0) return AddedUser{AddUserOutcome::kNameTaken, 0};
    return AddedUser{AddUserOutcome::kAdded, rows->integer(0, 0)};
  });
}

Result<std::optional<User>> UserRepository::findByName(std::string_view user_name) {
  return findOne(pool_, std::string(kSelectUser) + "WHERE user_name_key = $1",
                 Params().add(userNameKey(user_name)));
}

Result<std::optional<User>> UserRepository::findById(UserId id) {
  return findOne(pool_, std::string(kSelectUser) + "WHERE id = $1", Params().add(id));
}

Result<std::optional<User>> UserRepository::findByExternalIdentity(ExternalIdentityKey identity) {
  return findOne(pool_,
                 std::string(kSelectUser) +
                     "WHERE id = (SELECT user_id FROM external_identities "
                     "WHERE issuer = $1 AND subject = $2)",
                 Params().add(identity.issuer).add(identity.subject));
}

Result<AddedUser> UserRepository::addExternal(const NewUser& user, ExternalIdentityKey identity,
                                              Timestamp now) {
  return pool_.run([&](Connection& connection) -> Result<AddedUser> {
    // One statement, so one transaction: the account is stored only with its link. Two
    // nodes making the same identity's account at once: the second waits on the first's
    // name or link, and then stores nothing (a taken name) or fails whole (a taken link),
    // and the caller looks again.
    auto rows = connection.query(
        "WITH existing AS (SELECT user_id FROM external_identities "
        "                  WHERE issuer = $8 AND subject = $9), "
        "added AS (INSERT INTO users (user_name, user_name_key, first_name, last_name, email, "
        "                             password_hash, created_at) "
        "          SELECT $1, $2, $3, $4, $5, $6, $7 WHERE NOT EXISTS (SELECT 1 FROM existing) "
        "          ON CONFLICT (user_name_key) DO NOTHING RETURNING id), "
        "linked AS (INSERT INTO external_identities (issuer, subject, user_id) "
        "           SELECT $8, $9, id FROM added RETURNING user_id) "
        "SELECT (SELECT user_id FROM existing), (SELECT user_id FROM linked)",
        userRow(user, now).add(identity.issuer).add(identity.subject));
    if (!rows) return rows.error();
    if (!rows->isNull(0, 0)) return AddedUser{AddUserOutcome::kAlreadyLinked, rows->integer(0, 0)};
    if (rows->isNull(0, 1)) return AddedUser{AddUserOutcome::kNameTaken, 0};
    return AddedUser{AddUserOutcome::kAdded, rows->integer(0, 1)};
  });
}

Result<bool> UserRepository::setPasswordHash(UserId id, std::string_view password_hash) {
  return changeUser(pool_, "UPDATE users SET password_hash = $2 WHERE id = $1 RETURNING 1",
                    Params().add(id).add(password_hash));
}

Result<bool> UserRepository::setLocked(UserId id, bool locked) {
  return changeUser(pool_, "UPDATE users SET locked = $2 WHERE id = $1 RETURNING 1",
                    Params().add(id).add(locked ? "true" : "false"));
}

Result<bool> UserRepository::erase(UserId id) {
  return pool_.run([&](Connection& connection) -> Result<bool> {
    const std::string name = erasedUserName(id);
    // One round trip. Departures bump member_version, as a leave does.
    const std::array<Statement, 8> erase{
        Statement{"BEGIN"},
        Statement{"UPDATE users SET user_name = $2, user_name_key = $2, first_name = '', "
                  "last_name = '', email = '', password_hash = '', locked = true "
                  "WHERE id = $1 AND user_name_key <> $2 RETURNING 1",
                  Params().add(id).add(name)},
        Statement{"UPDATE groups SET member_version = member_version + 1 WHERE id IN "
                  "(SELECT group_id FROM group_members WHERE user_id = $1)",
                  Params().add(id)},
        Statement{"DELETE FROM group_members WHERE user_id = $1", Params().add(id)},
        Statement{"DELETE FROM group_invites WHERE user_id = $1", Params().add(id)},
        Statement{"DELETE FROM refresh_tokens WHERE user_id = $1", Params().add(id)},
        Statement{"DELETE FROM external_identities WHERE user_id = $1", Params().add(id)},
        Statement{"COMMIT"},
    };
    auto done = connection.pipeline(erase);
    if (!done) return done.error();
    return (*done)[1].rows() > 0;
  });
}

}  // namespace chat::postgres
