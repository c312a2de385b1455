#pragma once
// Errors as values: every fallible operation inside the server returns one of these
// instead of throwing. The adapters map each kind to a status code in one place
// (HTTP: adapters/http/error_response; SignalR: a completion error).
#include <string>
#include <utility>

namespace chat {

enum class ErrorKind {
  kInvalid,       // the input breaks a rule (validation)
  kUnauthorized,  // no or bad credentials
  kForbidden,     // authenticated, but not allowed (e.g. not a member)
  kNotFound,      // the thing named does not exist
  kConflict,      // the state forbids it (duplicate, already a member, group full)
  kTooLarge,      // an input is over its size limit
  kRateLimited,   // too many attempts; retry later
  kUnavailable,   // a dependency (database) is not reachable
  kInternal,      // a bug or an unexpected failure
};

struct Error {
  ErrorKind kind;
  std::string message;
  // Seconds to wait before retrying; meaningful for kRateLimited only.
  int retry_after_seconds = 0;

  static Error invalid(std::string m) { return {ErrorKind::kInvalid, std::move(m)}; }
  static Error unauthorized(std::string m) { return {ErrorKind::kUnauthorized, std::move(m)}; }
  static Error forbidden(std::string m) { return {ErrorKind::kForbidden, std::move(m)}; }
  static Error notFound(std::string m) { return {ErrorKind::kNotFound, std::move(m)}; }
  static Error conflict(std::string m) { return {ErrorKind::kConflict, std::move(m)}; }
  static Error tooLarge(std::string m) { return {ErrorKind::kTooLarge, std::move(m)}; }
  static Error rateLimited(std::string m, int retry_after) {
    return {ErrorKind::kRateLimited, std::move(m), retry_after};
  }
  static Error unavailable(std::string m) { return {ErrorKind::kUnavailable, std::move(m)}; }
  static Error internal(std::string m) { return {ErrorKind::kInternal, std::move(m)}; }
};

}  // namespace chat
