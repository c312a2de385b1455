#include "adapters/signalr/hub_arguments.hpp"

#include "domain/whole_number.hpp"

namespace chat::signalr {
namespace {

std::optional<std::int64_t> integerOf(const boost::json::value& value) {
  if (value.is_int64()) return value.as_int64();
  if (value.is_uint64() && value.as_uint64() <= INT64_MAX) {
    return static_cast<std::int64_t>(value.as_uint64());
  }
  if (value.is_double()) {
    const double d = value.as_double();
    if (d >= 0 && d <= 9007199254740991.0 &&
        static_cast<double>(static_cast<std::int64_t>(d)) == d) {
      return static_cast<std::int64_t>(d);
    }
    return std::nullopt;
  }
  if (value.is_string()) {
    const auto& text = value.as_string();
    if (auto parsed = parseWholeNumber<std::int64_t>(text)) return parsed;
  }
  return std::nullopt;
}

}  // namespace

Result<std::int64_t> idArgument(const boost::json::array& arguments, std::size_t index,
                                const char* name) {
  if (index >= arguments.size()) return Error::invalid(std::string(name) + " is required");
  const auto id = integerOf(arguments[index]);
  if (!id || *id < 1) return Error::invalid(std::string(name) + " must be a positive integer");
  return *id;
}

Result<std::optional<std::int64_t>> optionalCountArgument(const boost::json::array& arguments,
                                                          std::size_t index, const char* name) {
  if (index >= arguments.size() || arguments[index].is_null()) {
    return std::optional<std::int64_t>{};
  }
  const auto count = integerOf(arguments[index]);
  if (!count || *count < 0) {
    return Error::invalid(std::string(name) + " must be a non-negative integer");
  }
  return std::optional<std::int64_t>{*count};
}

Result<std::optional<std::string>> optionalStringArgument(const boost::json::array& arguments,
                                                          std::size_t index, const char* name) {
  if (index >= arguments.size() || arguments[index].is_null()) {
    return std::optional<std::string>{};
  }
  if (!arguments[index].is_string()) return Error::invalid(std::string(name) + " must be a string");
  return std::optional<std::string>{std::string(arguments[index].as_string())};
}

Result<std::string> stringArgument(const boost::json::array& arguments, std::size_t index,
                                   const char* name) {
  auto value = optionalStringArgument(arguments, index, name);
  if (!value) return value.error();
  if (!*value) return Error::invalid(std::string(name) + " is required");
  return std::move(**value);
}

}  // namespace chat::signalr
