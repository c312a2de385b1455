#include "adapters/storage/postgres/postgres_users.hpp"

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
    "SELECT id, user_name, first_name, last_name, email, password_hash FROM users ";

Result<std::optional<User>> findOne(Pool& pool, std::string sql, Params params) {
  return pool.run([&](Connection& connection) -> Result<std::optional<User>> {
    auto rows = connection.query(sql.c_str(), params);
    if (!rows) return rows.error();
    if (rows->rows() == 0) return std::optional<User>();
    return std::optional<User>(User{rows->integer(0, 0), rows->string(0, 1), rows->string(0, 2),
                                    rows->string(0, 3), rows->string(0, 4), rows->string(0, 5)});
  });
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
        Params()
            .add(user.user_name)
            .add(userNameKey(user.user_name))
            .add(user.first_name)
            .add(user.last_name)
            .add(user.email)
            .add(user.password_hash)
            .add(now));
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

}  // namespace chat::postgres
