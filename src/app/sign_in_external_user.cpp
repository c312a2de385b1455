#include "app/sign_in_external_user.hpp"

#include "domain/validation.hpp"

namespace chat {
namespace {

constexpr int kNameTries = 9;
constexpr std::size_t kMaxBaseLength = 62;  // leaves room for "-9" within 64

Result<Principal> admitted(const User& user) {
  if (user.locked) return Error::forbidden("This account is locked");
  return Principal{user.id, user.user_name};
}

}  // namespace

std::vector<std::string> SignInExternalUser::candidateNames(const Command& command) {
  std::string base = "user";
  for (const std::string* name : {&command.preferred_name, &command.subject}) {
    if (validateUserName(*name).ok()) {
      base = *name;
      break;
    }
  }
  if (base.size() > kMaxBaseLength) base.resize(kMaxBaseLength);
  std::vector<std::string> names{base};
  for (int n = 2; n <= kNameTries; ++n) names.push_back(base + "-" + std::to_string(n));
  return names;
}

Result<Principal> SignInExternalUser::handle(const Command& command) {
  Users& users = context_.storage.users();
  const ExternalIdentityKey identity{command.issuer, command.subject};
  auto linked = users.findByExternalIdentity(identity);
  if (!linked) return linked.error();
  if (linked->has_value()) return admitted(**linked);

  for (const std::string& name : candidateNames(command)) {
    NewUser account;
    account.user_name = name;
    auto added = users.addExternal(account, identity, context_.clock.now());
    if (!added) {
      // Another node linked this identity at the same moment (its link won): use that.
      auto again = users.findByExternalIdentity(identity);
      if (again && again->has_value()) return admitted(**again);
      return added.error();
    }
    switch (added->outcome) {
      case AddUserOutcome::kAdded:
        return Principal{added->id, name};
      case AddUserOutcome::kAlreadyLinked: {
        auto found = users.findById(added->id);
        if (!found) return found.error();
        if (found->has_value()) return admitted(**found);
        return Error::unavailable("The account is being made elsewhere; retry shortly");
      }
      case AddUserOutcome::kNameTaken:
        break;  // the next name
    }
  }
  return Error::conflict("No user name is free for this account; an administrator can free one");
}

}  // namespace chat
