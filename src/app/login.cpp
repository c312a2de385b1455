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
  const int wait =
      waitBeforeAttempt(lowerCase(command.user_name), command.client_address, context_.clock.now());
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

// The node's own count always spends, so that it still limits while the shared one is
// unreachable; it never refuses before the shared one, which counts a superset.
int Login::waitBeforeAttempt(const std::string& name_key, const std::string& address,
                             Timestamp now) {
  int wait = std::max(per_address_.acquire(address, now), per_name_.acquire(name_key, now));
  if (SharedRateLimits* shared = context_.shared_rate_limits) {
    wait = std::max(wait,
                    shared->acquire("login:address:" + address, per_address_options_).value_or(0));
    wait = std::max(wait, shared->acquire("login:name:" + name_key, per_name_options_).value_or(0));
  }
  return wait;
}

const std::string& Login::decoyHash() {
  std::call_once(decoy_once_, [this] {
    auto hash = context_.passwords.hash(context_.secrets.randomToken());
    if (hash) decoy_hash_ = std::move(hash).value();
  });
  return decoy_hash_;
}

}  // namespace chat
