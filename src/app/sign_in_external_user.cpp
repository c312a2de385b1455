#include "app/sign_in_external_user.hpp"

#include <optional>

#include "domain/validation.hpp"

namespace chat {
namespace {

constexpr int kNameTries = 9;
constexpr std::size_t kMaxBaseLength = 62;  // leaves room for "-9" within 64

}  // namespace

std::string externalCredential(std::string_view issuer, std::string_view subject) {
  return "external:" + std::string(issuer) + " " + std::string(subject);
}

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
  const std::string credential = externalCredential(command.issuer, command.subject);
  Users& users = context_.storage.users();
  const std::vector<std::string> names = candidateNames(command);
  // Where the account is: one of the names, holding this subject's link. A name held by
  // anyone else (a local account above all) is never taken over.
  std::optional<std::string> free_name;
  for (const std::string& name : names) {
    auto user = users.findByName(name);
    if (!user) return user.error();
    if (!user->has_value()) {
      if (!free_name) free_name = name;
      continue;
    }
    if ((*user)->password_hash == credential) {
      if ((*user)->locked) return Error::forbidden("This account is locked");
      return Principal{(*user)->id, (*user)->user_name};
    }
  }
  if (!free_name) {
    return Error::conflict("No user name is free for this account; an administrator can free one");
  }
  NewUser account;
  account.user_name = *free_name;
  account.password_hash = credential;
  auto added = users.add(account, context_.clock.now());
  if (!added) return added.error();
  // Another node made it (or took the name) meanwhile: look again, once.
  if (added->outcome == AddUserOutcome::kNameTaken) {
    auto user = users.findByName(*free_name);
    if (!user) return user.error();
    if (user->has_value() && (*user)->password_hash == credential) {
      return Principal{(*user)->id, (*user)->user_name};
    }
    return Error::unavailable("The account is being made elsewhere; retry shortly");
  }
  return Principal{added->id, *free_name};
}

}  // namespace chat
