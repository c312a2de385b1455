#pragma once
// Users repository on PostgreSQL. Borrows connections from a Pool it does not own.
// Thread-safe: each call is one statement on a pooled connection.
#include "adapters/storage/postgres/postgres_pool.hpp"
#include "app/ports/users.hpp"

namespace chat::postgres {

class UserRepository final : public Users {
 public:
  explicit UserRepository(Pool& pool) : pool_(pool) {}

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
  Pool& pool_;
};

}  // namespace chat::postgres
