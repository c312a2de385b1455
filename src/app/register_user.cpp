#include "app/register_user.hpp"

#include <algorithm>

#include "domain/validation.hpp"

namespace chat {

namespace {

Status validateAccount(const RegisterUser::Command& command, const Limits& limits) {
  for (const Status& check : {
           validateUserName(command.user_name),
           validatePassword(command.password, limits),
           validateProfileField("firstName", command.first_name, limits.max_profile_field_length),
           validateProfileField("lastName", command.last_name, limits.max_profile_field_length),
           validateProfileField("email", command.email, limits.max_email_length),
       }) {
    if (!check) return check;
  }
  return {};
}

// Hashes the password and stores the account; the command was validated already.
Result<UserId> storeAccount(UseCaseContext& context, const RegisterUser::Command& command) {
  auto hash = context.passwords.hash(command.password);
  if (!hash) return hash.error();
  NewUser user{command.user_name, command.first_name, command.last_name, command.email,
               std::move(hash).value()};
  auto added = context.storage.users().add(user, context.clock.now());
  if (!added) return added.error();
  if (added->outcome == AddUserOutcome::kNameTaken) {
    return Error::conflict("User name is already taken");
  }
  return added->id;
}

}  // namespace

// Bad input is refused before the rate limit: a typo costs no registration.
Result<UserId> RegisterUser::handle(const Command& command) {
  if (auto valid = validateAccount(command, context_.limits); !valid) return valid.error();
  if (const int wait = waitBeforeRegistering(command.client_address); wait > 0) {
    return Error::rateLimited("Too many registrations from this address; try again later", wait);
  }
  return storeAccount(context_, command);
}

Result<UserId> createAccount(UseCaseContext& context, const RegisterUser::Command& command) {
  if (auto valid = validateAccount(command, context.limits); !valid) return valid.error();
  return storeAccount(context, command);
}

// The node's own count always spends, so that it still limits while the shared one is
// unreachable.
int RegisterUser::waitBeforeRegistering(const std::string& address) {
  int wait = per_address_.acquire(address, context_.clock.now());
  if (SharedRateLimits* shared = context_.shared_rate_limits) {
    wait = std::max(
        wait, shared->acquire("register:address:" + address, per_address_options_).value_or(0));
  }
  return wait;
}

}  // namespace chat
