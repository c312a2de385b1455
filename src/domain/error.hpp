#pragma once
// Errors as values: every fallible operation inside the server returns one of these
// instead of throwing. The adapters map each kind to a status code in one place
// (HTTP: adapters/http/responses.cpp statusFor; SignalR: adapters/signalr/hub_errors.cpp).
// `message` is what a client may read; `detail` is for the server's log only (a database's
// own error text, say), so that nothing internal reaches a client.
#include <string>
#include <utility>

namespace chat {

enum class ErrorKind {
  kInvalid,           // the input breaks a rule (validation)
  kUnauthorized,      // no or bad credentials
  kForbidden,         // authenticated, but not allowed (e.g. not a member)
  kNotFound,          // the thing named does not exist
  kConflict,          // the state forbids it (duplicate, already a member, group full)
  kTooLarge,          // an input is over its size limit
  kUnsupportedMedia,  // the body is not in a format the server reads (not JSON)
  kRateLimited,       // too many attempts; retry later
  kUnavailable,       // a dependency (database) is not reachable
  kInternal,          // a bug or an unexpected failure
};

struct Error {
  ErrorKind kind;
  std::string message;
  // Seconds to wait before retrying; meaningful for kRateLimited only.
  int retry_after_seconds = 0;
  std::string detail{};  // for logs only

  static Error invalid(std::string m) { return {ErrorKind::kInvalid, std::move(m)}; }
  static Error unauthorized(std::string m) { return {ErrorKind::kUnauthorized, std::move(m)}; }
  static Error forbidden(std::string m) { return {ErrorKind::kForbidden, std::move(m)}; }
  static Error notFound(std::string m) { return {ErrorKind::kNotFound, std::move(m)}; }
  static Error conflict(std::string m) { return {ErrorKind::kConflict, std::move(m)}; }
  static Error tooLarge(std::string m) { return {ErrorKind::kTooLarge, std::move(m)}; }
  static Error rateLimited(std::string m, int retry_after) {
    return {ErrorKind::kRateLimited, std::move(m), retry_after};
  }
  static Error unsupportedMedia(std::string m) {
    return {ErrorKind::kUnsupportedMedia, std::move(m)};
  }
  static Error unavailable(std::string m, std::string detail = {}) {
    return {ErrorKind::kUnavailable, std::move(m), 0, std::move(detail)};
  }
  // A bug or a failure no client can act on: the client reads a fixed text, the log the
  // detail.
  static Error internal(std::string detail) {
    return {ErrorKind::kInternal, "An unexpected error occurred", 0, std::move(detail)};
  }
};

}  // namespace chat
