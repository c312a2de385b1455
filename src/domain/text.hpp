#pragma once
// Text rules shared by every use case: lengths are counted in Unicode code points,
// and all text must be valid UTF-8.
#include <cstddef>
#include <optional>
#include <string_view>

namespace chat {

// The number of code points in `text`, or nullopt when it is not valid UTF-8.
std::optional<std::size_t> utf8Length(std::string_view text);

// True when `text` is empty or only whitespace.
bool isBlank(std::string_view text);

}  // namespace chat
