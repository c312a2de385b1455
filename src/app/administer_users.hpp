#pragma once
// The administrator's account operations (`chatserver admin user ...`). Each names the
// account by its user name (case-insensitively) and answers kNotFound for an unknown one.
// Hashes passwords: run them off any network thread.
#include <string_view>

#include "app/register_user.hpp"
#include "app/use_case_context.hpp"

namespace chat {

class AdministerUsers {
 public:
  explicit AdministerUsers(UseCaseContext& context) : context_(context) {}

  // As a registration, without its rate limit.
  Result<UserId> create(const RegisterUser::Command& account);
  // Sets a new password (checked as a registration's) and ends every session of the
  // account, so that whoever knew the old one is logged out at their next refresh.
  Status resetPassword(std::string_view user_name, std::string_view password);
  // A locked account can not log in or refresh; locking ends its sessions.
  Status lock(std::string_view user_name);
  Status unlock(std::string_view user_name);
  // Erases the account (see Users::erase): its name becomes free, its messages stay.
  Status erase(std::string_view user_name);

 private:
  Result<User> find(std::string_view user_name);

  UseCaseContext& context_;
};

}  // namespace chat
