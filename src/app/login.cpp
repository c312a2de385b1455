#include "app/login.hpp"

#include <algorithm>
#include <cctype>

namespace chat {
namespace {

// The original client's message for every kind of failed login.
constexpr const char* kInvalidLogin = "Invalid_Login";

std::string lowerCase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

Result<Session> Login::handle(const Command& command) {
  const Timestamp now = context_.clock.now();
  const int wait = std::max(per_address_.acquire(command.client_address, now),
                            per_name_.acquire(lowerCase(command.user_name), now));
  if (wait > 0) return Error::rateLimited("Too many login attempts; try again later", wait);

  if (command.user_name.empty() || command.password.empty() ||
      command.password.size() > 4 * context_.limits.max_password_length) {
    return Error::unauthorized(kInvalidLogin);
  }
  auto user = context_.storage.users().findByName(command.user_name);
  if (!user) return user.error();
  if (!user->has_value()) {
    context_.passwords.verify(decoyHash(), command.password);
    return Error::unauthorized(kInvalidLogin);
  }
  if (!context_.passwords.verify((*user)->password_hash, command.password)) {
    return Error::unauthorized(kInvalidLogin);
  }
  const Principal principal{(*user)->id, (*user)->user_name};
  return openSession(context_, principal, context_.secrets.randomToken());
}

const std::string& Login::decoyHash() {
  std::call_once(decoy_once_, [this] {
    auto hash = context_.passwords.hash(context_.secrets.randomToken());
    if (hash) decoy_hash_ = std::move(hash).value();
  });
  return decoy_hash_;
}

}  // namespace chat
