#pragma once
// Reading hub method arguments. The original client passes group ids as JSON numbers and
// the original server took them as strings, so both are accepted.
#include <boost/json/array.hpp>
#include <optional>
#include <string>

#include "domain/ids.hpp"
#include "domain/result.hpp"

namespace chat::signalr {

// A positive id from a number or a decimal string.
Result<std::int64_t> idArgument(const boost::json::array& arguments, std::size_t index,
                                const char* name);
// Absent or null gives nullopt; otherwise a non-negative integer (number or string).
Result<std::optional<std::int64_t>> optionalCountArgument(const boost::json::array& arguments,
                                                          std::size_t index, const char* name);
// Absent or null gives nullopt; otherwise it must be a string.
Result<std::optional<std::string>> optionalStringArgument(const boost::json::array& arguments,
                                                          std::size_t index, const char* name);
Result<std::string> stringArgument(const boost::json::array& arguments, std::size_t index,
                                   const char* name);

}  // namespace chat::signalr
