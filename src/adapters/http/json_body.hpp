#pragma once
// Reading JSON request bodies the way the original ASP.NET server bound them: property
// names match case-insensitively, unknown properties are ignored, and a wrong type is a
// validation error, never a crash.
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/http/http_types.hpp"
#include "domain/result.hpp"

namespace chat::http {

// The body as a JSON object. kInvalid for a missing, empty or malformed body or one that
// is not an object; kUnsupportedMedia for a Content-Type other than JSON.
Result<boost::json::object> parseJsonBody(const Request& request);

// A string property, found case-insensitively. nullopt when absent or null;
// kInvalid when present with another type.
Result<std::optional<std::string>> optionalString(const boost::json::object& body,
                                                  std::string_view name);
// Like optionalString, but absent or null becomes "".
Result<std::string> stringOrEmpty(const boost::json::object& body, std::string_view name);

}  // namespace chat::http
