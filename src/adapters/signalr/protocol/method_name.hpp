#pragma once
// Hub method names are matched case-insensitively (as ASP.NET does), ASCII only.
// Pure function; thread-safe.
#include <string_view>

namespace chat::signalr {

// True when `a` and `b` are equal ignoring ASCII case; other bytes must match exactly.
bool equalsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace chat::signalr
