#include "adapters/http/principal_resolver.hpp"

#include "adapters/runtime/offload.hpp"

namespace chat::http {

boost::asio::awaitable<Result<Principal>> ExternalPrincipals::resolve(Principal principal) {
  if (principal.user_id != 0 || principal.external_subject.empty()) co_return principal;
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    auto found = remembered_.find(principal.external_subject);
    if (found != remembered_.end() && found->second.until > now) {
      co_return found->second.principal;
    }
  }
  SignInExternalUser::Command command{issuer_, principal.external_subject, principal.user_name};
  auto signed_in =
      co_await runtime::offload(workers_, [this, &command] { return sign_in_.handle(command); });
  if (!signed_in) co_return signed_in.error();
  // Kept, so that the transports of one hub connection can be matched to its user.
  signed_in->external_subject = command.subject;
  std::lock_guard lock(mutex_);
  // Bounded: past the limit everything is forgotten at once, and looked up again.
  if (remembered_.size() >= kMaxRemembered) remembered_.clear();
  remembered_[command.subject] = {*signed_in, now + kRememberFor};
  co_return std::move(signed_in).value();
}

}  // namespace chat::http
