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
                                  statement.columnText(4), statement.columnText(5)});
}

}  // namespace

Result<AddedUser> UserRepository::add(const NewUser& user, Timestamp now) {
  return database_.write([&](Connection& connection) -> Result<AddedUser> {
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
  });
}

Result<std::optional<User>> UserRepository::findByName(std::string_view user_name) {
  return database_.read([&](Connection& connection) -> Result<std::optional<User>> {
    auto select = connection.prepare(
        "SELECT id, user_name, first_name, last_name, email, password_hash FROM users "
        "WHERE user_name_key = ?");
    if (!select) return select.error();
    select->bindText(1, userNameKey(user_name));
    return readUser(*select);
  });
}

Result<std::optional<User>> UserRepository::findById(UserId id) {
  return database_.read([&](Connection& connection) -> Result<std::optional<User>> {
    auto select = connection.prepare(
        "SELECT id, user_name, first_name, last_name, email, password_hash FROM users "
        "WHERE id = ?");
    if (!select) return select.error();
    select->bindInt(1, id);
    return readUser(*select);
  });
}

}  // namespace chat::sqlite
