#pragma once
// Building responses: JSON bodies, empty bodies, and errors as problem documents.
#include <boost/json/value.hpp>

#include "adapters/http/http_types.hpp"
#include "domain/error.hpp"

namespace chat::http {

Response jsonResponse(Status status, const boost::json::value& body);
Response emptyResponse(Status status);
// RFC 7807 fields plus `message`, the field the original clients read. Adds
// WWW-Authenticate to 401 and Retry-After to 429.
Response errorResponse(const Error& error);
Response errorResponse(Status status, const std::string& message);
Status statusFor(ErrorKind kind);

}  // namespace chat::http
