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
  const std::string name_key = lowerCase(command.user_name);
  const Waits waits = waitsBeforeAttempt(name_key, command.client_address, context_.clock.now());
  if (waits.refused > 0) {
    return Error::rateLimited("Too many login attempts; try again later", waits.refused);
  }
  auto session = checkPassword(command);
  // Over the name's own limit only a wrong password is refused: guessers spread over many
  // addresses are slowed, and cannot lock the name's owner out (each address still has its
  // own limits, for every name and for this one).
  if (!session && waits.name_only > 0 && session.error().kind == ErrorKind::kUnauthorized) {
    return Error::rateLimited("Too many login attempts; try again later", waits.name_only);
  }
  return session;
}

Result<Session> Login::checkPassword(const Command& command) {
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
  upgradeHash(**user, command.password);
  // Told only to whoever knows the password: a guesser learns nothing of the lock.
  if ((*user)->locked) return Error::forbidden("This account is locked");
  const Principal principal{(*user)->id, (*user)->user_name};
  return openSession(context_, principal, context_.secrets.randomToken());
}

// Only now is the password known: an imported or weaker hash is replaced by the current
// kind. A failure costs nothing but another try at the next login.
void Login::upgradeHash(const User& user, std::string_view password) {
  if (!context_.passwords.needsRehash(user.password_hash)) return;
  auto hash = context_.passwords.hash(password);
  if (hash) static_cast<void>(context_.storage.users().setPasswordHash(user.id, *hash));
}

// The node's own count always spends, so that it still limits while the shared one is
// unreachable; it never refuses before the shared one, which counts a superset.
Login::Waits Login::waitsBeforeAttempt(const std::string& name_key, const std::string& address,
                                       Timestamp now) {
  const std::string name_from_address = name_key + "|" + address;
  Waits waits{std::max(per_address_.acquire(address, now),
                       per_name_from_address_.acquire(name_from_address, now)),
              per_name_.acquire(name_key, now)};
  if (SharedRateLimits* shared = context_.shared_rate_limits) {
    auto shared_wait = [&](const std::string& key, const RateLimiter::Options& limit) {
      return shared->acquire(key, limit).value_or(0);
    };
    waits.refused =
        std::max({waits.refused, shared_wait("login:address:" + address, per_address_options_),
                  shared_wait("login:name-address:" + name_from_address, per_name_options_)});
    waits.name_only =
        std::max(waits.name_only, shared_wait("login:name:" + name_key, per_name_options_));
  }
  return waits;
}

const std::string& Login::decoyHash() {
  std::call_once(decoy_once_, [this] {
    auto hash = context_.passwords.hash(context_.secrets.randomToken());
    if (hash) decoy_hash_ = std::move(hash).value();
  });
  return decoy_hash_;
}

}  // namespace chat
