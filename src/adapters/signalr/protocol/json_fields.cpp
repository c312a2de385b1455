#include "adapters/signalr/protocol/json_fields.hpp"

#include <limits>

namespace chat::signalr {
namespace {

// Chat payloads are shallow; the bound keeps hostile nesting cheap to reject.
constexpr std::size_t kMaxJsonDepth = 32;

// Token names as System.Text.Json's JsonTokenType prints them in ASP.NET error texts.
std::string_view tokenName(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::object:
      return "Object";
    case boost::json::kind::array:
      return "Array";
    case boost::json::kind::string:
      return "String";
    case boost::json::kind::null:
      return "Null";
    case boost::json::kind::bool_:
      return value.get_bool() ? "True" : "False";
    default:
      return "Number";
  }
}

}  // namespace

Result<boost::json::object> parseJsonObject(std::string_view record) {
  boost::json::parse_options options;
  options.max_depth = kMaxJsonDepth;
  boost::system::error_code ec;
  // Also rejects invalid UTF-8, comments and trailing commas.
  boost::json::value root = boost::json::parse(record, ec, {}, options);
  if (ec) return Error::invalid("Error reading JSON.");
  if (!root.is_object()) {
    return Error::invalid("Unexpected JSON Token Type '" + std::string(tokenName(root)) +
                          "'. Expected a JSON Object.");
  }
  return std::move(root.get_object());
}

Result<const boost::json::string*> stringField(const boost::json::object& object,
                                               std::string_view key) {
  const boost::json::value* field = object.if_contains(key);
  if (field == nullptr) return nullptr;
  if (!field->is_string()) {
    return Error::invalid("Expected '" + std::string(key) + "' to be of type String.");
  }
  return &field->get_string();
}

std::optional<std::int64_t> asInteger(const boost::json::value& value) {
  if (value.is_int64()) return value.get_int64();
  // The parser only yields uint64 above INT64_MAX, but a value built in code may hold less.
  if (value.is_uint64() && value.get_uint64() <= std::numeric_limits<std::int64_t>::max()) {
    return static_cast<std::int64_t>(value.get_uint64());
  }
  return std::nullopt;
}

std::string missingProperty(std::string_view key) {
  return "Missing required property '" + std::string(key) + "'.";
}

}  // namespace chat::signalr
