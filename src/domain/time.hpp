#pragma once
#include <chrono>

namespace chat {

// All stored and reported times are UTC with millisecond precision.
using Timestamp = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

}  // namespace chat
