#pragma once
// Completes the principal of an identity provider's token (Principal::external_subject set,
// user_id 0) with the account it has here, before any route or hub connection sees it.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "app/sign_in_external_user.hpp"

namespace chat::http {

class PrincipalResolver {
 public:
  virtual ~PrincipalResolver() = default;
  // The principal with its user_id; a principal that has one comes back as it is.
  virtual boost::asio::awaitable<Result<Principal>> resolve(Principal principal) = 0;
};

// Asks SignInExternalUser on the worker pool, and remembers each answer for a minute, so
// that a subject costs the database one lookup a minute at most and a lock made by an
// administrator holds within that minute. Thread-safe.
class ExternalPrincipals final : public PrincipalResolver {
 public:
  static constexpr std::size_t kMaxRemembered = 100'000;
  static constexpr std::chrono::seconds kRememberFor{60};

  ExternalPrincipals(boost::asio::thread_pool& workers, SignInExternalUser& sign_in,
                     std::string issuer)
      : workers_(workers), sign_in_(sign_in), issuer_(std::move(issuer)) {}

  boost::asio::awaitable<Result<Principal>> resolve(Principal principal) override;

 private:
  struct Remembered {
    Principal principal;
    std::chrono::steady_clock::time_point until;
  };

  boost::asio::thread_pool& workers_;
  SignInExternalUser& sign_in_;
  std::string issuer_;
  std::mutex mutex_;
  std::unordered_map<std::string, Remembered> remembered_;
};

}  // namespace chat::http
