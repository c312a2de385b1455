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
};

}  // namespace chat
