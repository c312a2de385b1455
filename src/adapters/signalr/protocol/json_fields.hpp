#pragma once
// Reading one JSON record as an object and its typed fields, with the error texts of
// ASP.NET's JSON protocol readers, shared by the handshake and hub message parsers.
// Pure functions; thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "domain/result.hpp"

namespace chat::signalr {

// Parses `record` as a JSON object. Errors (Error::invalid): "Error reading JSON." and
// "Unexpected JSON Token Type 'Array'. Expected a JSON Object.".
Result<boost::json::object> parseJsonObject(std::string_view record);

// The field's string, nullptr when absent; "Expected 'key' to be of type String." otherwise.
Result<const boost::json::string*> stringField(const boost::json::object& object,
                                               std::string_view key);

// The value as a signed 64-bit integer, or nullopt for anything else (including 1.0).
std::optional<std::int64_t> asInteger(const boost::json::value& value);

std::string missingProperty(std::string_view key);

}  // namespace chat::signalr
