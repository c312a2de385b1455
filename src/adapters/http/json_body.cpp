#include "adapters/http/json_body.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/json/parse.hpp>

namespace chat::http {
namespace {

constexpr std::size_t kMaxJsonDepth = 16;

bool isJsonMediaType(std::string_view content_type) {
  const std::string_view media = content_type.substr(0, content_type.find(';'));
  std::string_view trimmed = media;
  while (!trimmed.empty() && trimmed.back() == ' ') trimmed.remove_suffix(1);
  return boost::algorithm::iequals(trimmed, "application/json") ||
         (boost::algorithm::istarts_with(trimmed, "application/") &&
          boost::algorithm::iends_with(trimmed, "+json"));
}

const boost::json::value* findProperty(const boost::json::object& body, std::string_view name) {
  if (auto it = body.find(name); it != body.end()) return &it->value();
  for (const auto& entry : body) {
    if (boost::algorithm::iequals(entry.key(), name)) return &entry.value();
  }
  return nullptr;
}

}  // namespace

Result<boost::json::object> parseJsonBody(const Request& request) {
  if (request.body().empty()) return Error::invalid("A non-empty request body is required.");
  if (!isJsonMediaType(request[beast_http::field::content_type])) {
    return Error::unsupportedMedia("Content-Type must be application/json");
  }
  boost::json::parse_options options;
  options.max_depth = kMaxJsonDepth;
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(request.body(), ec, {}, options);
  if (ec) return Error::invalid("The request body is not valid JSON");
  if (!value.is_object()) return Error::invalid("The request body must be a JSON object");
  return std::move(value.as_object());
}

Result<std::optional<std::string>> optionalString(const boost::json::object& body,
                                                  std::string_view name) {
  const boost::json::value* value = findProperty(body, name);
  if (!value || value->is_null()) return std::optional<std::string>{};
  if (!value->is_string()) return Error::invalid(std::string(name) + " must be a string");
  return std::optional<std::string>{std::string(value->as_string())};
}

Result<std::string> stringOrEmpty(const boost::json::object& body, std::string_view name) {
  auto value = optionalString(body, name);
  if (!value) return value.error();
  return value->value_or(std::string{});
}

}  // namespace chat::http
