#include "app/administer_users.hpp"

#include <string>

#include "domain/validation.hpp"

namespace chat {

Result<UserId> AdministerUsers::create(const RegisterUser::Command& account) {
  return createAccount(context_, account);
}

Status AdministerUsers::resetPassword(std::string_view user_name, std::string_view password) {
  if (auto valid = validatePassword(password, context_.limits); !valid) return valid;
  auto user = find(user_name);
  if (!user) return user.error();
  auto hash = context_.passwords.hash(password);
  if (!hash) return hash.error();
  if (auto set = context_.storage.users().setPasswordHash(user->id, *hash); !set) {
    return set.error();
  }
  return context_.storage.refreshTokens().revokeUser(user->id);
}

Status AdministerUsers::lock(std::string_view user_name) {
  auto user = find(user_name);
  if (!user) return user.error();
  if (auto locked = context_.storage.users().setLocked(user->id, true); !locked) {
    return locked.error();
  }
  return context_.storage.refreshTokens().revokeUser(user->id);
}

Status AdministerUsers::unlock(std::string_view user_name) {
  auto user = find(user_name);
  if (!user) return user.error();
  auto unlocked = context_.storage.users().setLocked(user->id, false);
  if (!unlocked) return unlocked.error();
  return {};
}

Status AdministerUsers::erase(std::string_view user_name) {
  auto user = find(user_name);
  if (!user) return user.error();
  auto erased = context_.storage.users().erase(user->id);
  if (!erased) return erased.error();
  return {};
}

Result<User> AdministerUsers::find(std::string_view user_name) {
  auto user = context_.storage.users().findByName(user_name);
  if (!user) return user.error();
  // Erased accounts keep a name no one can give; they are gone for the administrator too.
  if (!user->has_value() || (*user)->user_name == erasedUserName((*user)->id)) {
    return Error::notFound("No user named " + std::string(user_name));
  }
  return std::move(**user);
}

}  // namespace chat
