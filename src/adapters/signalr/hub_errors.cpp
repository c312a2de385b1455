#include "adapters/signalr/hub_errors.hpp"

#include <spdlog/spdlog.h>

namespace chat::signalr {

std::string completionErrorText(const Error& error) {
  if (!error.detail.empty()) spdlog::warn("Hub invocation failed: {}", error.detail);
  switch (error.kind) {
    case ErrorKind::kInternal:
      return "An unexpected error occurred invoking the method on the server.";
    case ErrorKind::kInvalid:
    case ErrorKind::kUnauthorized:
    case ErrorKind::kForbidden:
    case ErrorKind::kNotFound:
    case ErrorKind::kConflict:
    case ErrorKind::kTooLarge:
    case ErrorKind::kUnsupportedMedia:
    case ErrorKind::kRateLimited:
    case ErrorKind::kUnavailable:
      break;
  }
  return error.message;
}

}  // namespace chat::signalr
