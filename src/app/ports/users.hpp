#pragma once
// Port: the stored user accounts. Implemented by each storage engine.
// Thread-safe: may be called from any worker thread.
#include <optional>
#include <string_view>

#include "domain/result.hpp"
#include "domain/time.hpp"
#include "domain/user.hpp"

namespace chat {

enum class AddUserOutcome { kAdded, kNameTaken };

struct AddedUser {
  AddUserOutcome outcome = AddUserOutcome::kAdded;
  UserId id = 0;  // set when kAdded
};

class Users {
 public:
  virtual ~Users() = default;
  // kNameTaken when the user name is taken (compared case-insensitively).
  virtual Result<AddedUser> add(const NewUser& user, Timestamp now) = 0;
  // Looks the name up case-insensitively.
  virtual Result<std::optional<User>> findByName(std::string_view user_name) = 0;
  virtual Result<std::optional<User>> findById(UserId id) = 0;

  // The administrator's operations; each is false when there is no such user.
  virtual Result<bool> setPasswordHash(UserId id, std::string_view password_hash) = 0;
  virtual Result<bool> setLocked(UserId id, bool locked) = 0;
  // In one transaction: the account leaves its groups, its refresh tokens go, its name is
  // freed (it becomes erasedUserName(id)) and its personal fields are blanked. The row
  // stays, so the messages it sent keep a sender.
  virtual Result<bool> erase(UserId id) = 0;
};

}  // namespace chat
