#include "adapters/storage/sqlite/sqlite_users.hpp"

#include <string>

namespace chat::sqlite {
namespace {

// User names are ASCII only; the key makes them unique and searchable regardless of case.
std::string userNameKey(std::string_view user_name) {
  std::string key(user_name);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return key;
}

Result<std::optional<User>> readUser(Statement& statement) {
  auto row = statement.step();
  if (!row) return row.error();
  if (!*row) return std::optional<User>();
  return std::optional<User>(User{statement.columnInt(0), statement.columnText(1),
                                  statement.columnText(2), statement.columnText(3),
                                  statement.columnText(4), statement.columnText(5),
                                  statement.columnInt(6) != 0});
}

// Runs `sql` with the user's id as its only parameter; true when it changed a row.
Result<bool> changeUser(Connection& connection, const char* sql, UserId id) {
  auto statement = connection.prepare(sql);
  if (!statement) return statement.error();
  if (auto done = statement->bindInt(1, id).run(); !done) return done.error();
  return connection.changes() > 0;
}

Result<AddedUser> insertUser(Connection& connection, const NewUser& user, Timestamp now) {
  // DO NOTHING + RETURNING: a taken name yields no row instead of a constraint error.
  auto insert = connection.prepare(
      "INSERT INTO users (user_name, user_name_key, first_name, last_name, email, "
      "password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (user_name_key) DO NOTHING RETURNING id");
  if (!insert) return insert.error();
  auto row = insert->bindText(1, user.user_name)
                 .bindText(2, userNameKey(user.user_name))
                 .bindText(3, user.first_name)
                 .bindText(4, user.last_name)
                 .bindText(5, user.email)
                 .bindText(6, user.password_hash)
                 .bindTime(7, now)
                 .step();
  if (!row) return row.error();
  if (!*row) return AddedUser{AddUserOutcome::kNameTaken, 0};
  return AddedUser{AddUserOutcome::kAdded, insert->columnInt(0)};
}

constexpr const char* kSelectUser =
    "SELECT id, user_name, first_name, last_name, email, password_hash, locked FROM users ";
constexpr const char* kLinkedUser =
    "WHERE id = (SELECT user_id FROM external_identities WHERE issuer = ? AND subject = ?)";

}  // namespace

Result<AddedUser> UserRepository::add(const NewUser& user, Timestamp now) {
  return database_.write([&](Connection& connection) -> Result<AddedUser> {
    return insertUser(connection, user, now);
  });
}

Result<std::optional<User>> UserRepository::findByExternalIdentity(ExternalIdentityKey identity) {
  return database_.read([&](Connection& connection) -> Result<std::optional<User>> {
    auto select = connection.prepare(std::string(kSelectUser) + kLinkedUser);
    if (!select) return select.error();
    select->bindText(1, identity.issuer).bindText(2, identity.subject);
    return readUser(*select);
  });
}

Result<AddedUser> UserRepository::addExternal(const NewUser& user, ExternalIdentityKey identity,
                                              Timestamp now) {
  return database_.write([&](Connection& connection) -> Result<AddedUser> {
    auto linked = connection.prepare(
        "SELECT user_id FROM external_identities WHERE issuer = ? AND subject = ?");
    if (!linked) return linked.error();
    auto row = linked->bindText(1, identity.issuer).bindText(2, identity.subject).step();
    if (!row) return row.error();
    if (*row) return AddedUser{AddUserOutcome::kAlreadyLinked, linked->columnInt(0)};
    auto added = insertUser(connection, user, now);
    if (!added || added->outcome != AddUserOutcome::kAdded) return added;
    auto link = connection.prepare(
        "INSERT INTO external_identities (issuer, subject, user_id) VALUES (?, ?, ?)");
    if (!link) return link.error();
    if (auto done = link->bindText(1, identity.issuer)
                        .bindText(2, identity.subject)
                        .bindInt(3, added->id)
                        .run();
        !done) {
      return done.error();
    }
    return added;
  });
}

Result<std::optional<User>> UserRepository::findByName(std::string_view user_name) {
  return database_.read([&](Connection& connection) -> Result<std::optional<User>> {
    auto select = connection.prepare(
        "SELECT id, user_name, first_name, last_name, email, password_hash, locked FROM users "
        "WHERE user_name_key = ?");
    if (!select) return select.error();
    select->bindText(1, userNameKey(user_name));
    return readUser(*select);
  });
}

Result<std::optional<User>> UserRepository::findById(UserId id) {
  return database_.read([&](Connection& connection) -> Result<std::optional<User>> {
    auto select = connection.prepare(
        "SELECT id, user_name, first_name, last_name, email, password_hash, locked FROM users "
        "WHERE id = ?");
    if (!select) return select.error();
    select->bindInt(1, id);
    return readUser(*select);
  });
}

Result<bool> UserRepository::setPasswordHash(UserId id, std::string_view password_hash) {
  return database_.write([&](Connection& connection) -> Result<bool> {
    auto update = connection.prepare("UPDATE users SET password_hash = ? WHERE id = ?");
    if (!update) return update.error();
    if (auto done = update->bindText(1, password_hash).bindInt(2, id).run(); !done) {
      return done.error();
    }
    return connection.changes() > 0;
  });
}

Result<bool> UserRepository::setLocked(UserId id, bool locked) {
  return database_.write([&](Connection& connection) -> Result<bool> {
    return changeUser(connection,
                      locked ? "UPDATE users SET locked = 1 WHERE id = ?"
                             : "UPDATE users SET locked = 0 WHERE id = ?",
                      id);
  });
}

Result<bool> UserRepository::erase(UserId id) {
  return database_.write([&](Connection& connection) -> Result<bool> {
    const std::string name = erasedUserName(id);
    auto update = connection.prepare(
        "UPDATE users SET user_name = ?, user_name_key = ?, first_name = '', last_name = '', "
        "email = '', password_hash = '', locked = 1 WHERE id = ? AND user_name_key <> ?");
    if (!update) return update.error();
    if (auto done =
            update->bindText(1, name).bindText(2, name).bindInt(3, id).bindText(4, name).run();
        !done) {
      return done.error();
    }
    if (connection.changes() == 0) return false;
    // Departures bump member_version, as a leave does: other nodes see the member go.
    constexpr const char* kCountDepartures =
        "UPDATE groups SET member_version = member_version + 1 WHERE id IN "
        "(SELECT group_id FROM group_members WHERE user_id = ?)";
    for (const char* sql : {kCountDepartures, "DELETE FROM group_members WHERE user_id = ?",
                            "DELETE FROM group_invites WHERE user_id = ?",
                            "DELETE FROM refresh_tokens WHERE user_id = ?",
                            "DELETE FROM external_identities WHERE user_id = ?"}) {
      if (auto changed = changeUser(connection, sql, id); !changed) return changed.error();
    }
    return true;
  });
}

}  // namespace chat::sqlite
