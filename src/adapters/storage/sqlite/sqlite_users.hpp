#pragma once
// Users repository on SQLite. Holds a reference to the Database it does not own.
// Thread-safe (all access goes through Database::read/write).
#include "adapters/storage/sqlite/sqlite_database.hpp"
#include "app/ports/users.hpp"

namespace chat::sqlite {

class UserRepository final : public Users {
 public:
  explicit UserRepository(Database& database) : database_(database) {}

  Result<AddedUser> add(const NewUser& user, Timestamp now) override;
  Result<std::optional<User>> findByName(std::string_view user_name) override;
  Result<std::optional<User>> findById(UserId id) override;
  Result<std::optional<User>> findByExternalIdentity(ExternalIdentityKey identity) override;
  Result<AddedUser> addExternal(const NewUser& user, ExternalIdentityKey identity,
                                Timestamp now) override;
  Result<bool> setPasswordHash(UserId id, std::string_view password_hash) override;
  Result<bool> setLocked(UserId id, bool locked) override;
  Result<bool> erase(UserId id) override;

 private:
  Database& database_;
};

}  // namespace chat::sqlite
