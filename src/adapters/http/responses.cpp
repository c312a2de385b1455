#include "adapters/http/responses.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>

namespace chat::http {

Response jsonResponse(Status status, const boost::json::value& body) {
  Response response{status, 11};
  response.set(beast_http::field::content_type, "application/json; charset=utf-8");
  response.set(beast_http::field::cache_control, "no-store");
  response.body() = boost::json::serialize(body);
  response.prepare_payload();
  return response;
}

Response emptyResponse(Status status) {
  Response response{status, 11};
  response.set(beast_http::field::cache_control, "no-store");
  response.prepare_payload();
  return response;
}

Status statusFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalid:
      return Status::bad_request;
    case ErrorKind::kUnauthorized:
      return Status::unauthorized;
    case ErrorKind::kForbidden:
      return Status::forbidden;
    case ErrorKind::kNotFound:
      return Status::not_found;
    case ErrorKind::kConflict:
      return Status::conflict;
    case ErrorKind::kTooLarge:
      return Status::payload_too_large;
    case ErrorKind::kUnsupportedMedia:
      return Status::unsupported_media_type;
    case ErrorKind::kRateLimited:
      return Status::too_many_requests;
    case ErrorKind::kUnavailable:
      return Status::service_unavailable;
    case ErrorKind::kInternal:
      break;
  }
  return Status::internal_server_error;
}

Response errorResponse(Status status, const std::string& message) {
  const auto code = static_cast<unsigned>(status);
  Response response = jsonResponse(status, boost::json::object{
                                               {"type", "about:blank"},
                                               {"title", beast_http::obsolete_reason(status)},
                                               {"status", code},
                                               {"message", message},
                                           });
  if (status == Status::unauthorized) {
    response.set(beast_http::field::www_authenticate, "Bearer");
  }
  return response;
}

Response errorResponse(const Error& error) {
  if (!error.detail.empty()) spdlog::warn("Request failed: {}", error.detail);
  Response response = errorResponse(statusFor(error.kind), error.message);
  if (error.kind == ErrorKind::kRateLimited) {
    response.set(beast_http::field::retry_after, std::to_string(error.retry_after_seconds));
  }
  return response;
}

}  // namespace chat::http
