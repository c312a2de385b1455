#pragma once
// JSON string literals for the hand-written serializers: the exact encoded size first, so a
// caller reserves once, then the append. Output is byte-identical to
// boost::json::serialize(string_view): escapes `"`, `\` and control characters, passes every
// other byte (UTF-8 included) through unchanged. Pure functions; thread-safe.
#include <cstddef>
#include <string>
#include <string_view>

namespace chat {

// Size of the encoded literal, quotes included.
std::size_t jsonStringSize(std::string_view text);

// Appends `text` as a quoted, escaped JSON string.
void appendJsonString(std::string& out, std::string_view text);

}  // namespace chat
