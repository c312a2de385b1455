#include "app/register_user.hpp"

#include "domain/validation.hpp"

namespace chat {

Result<UserId> RegisterUser::handle(const Command& command) {
  const Limits& limits = context_.limits;
  for (const Status& check : {
           validateUserName(command.user_name),
           validatePassword(command.password, limits),
           validateProfileField("firstName", command.first_name, limits.max_profile_field_length),
           validateProfileField("lastName", command.last_name, limits.max_profile_field_length),
           validateProfileField("email", command.email, limits.max_email_length),
       }) {
    if (!check) return check.error();
  }
  auto hash = context_.passwords.hash(command.password);
  if (!hash) return hash.error();
  NewUser user{command.user_name, command.first_name, command.last_name, command.email,
               std::move(hash).value()};
  auto added = context_.storage.users().add(user, context_.clock.now());
  if (!added) return added.error();
  if (added->outcome == AddUserOutcome::kNameTaken) {
    return Error::conflict("User name is already taken");
  }
  return added->id;
}

}  // namespace chat
