#pragma once
#include <string>

#include "domain/time.hpp"

namespace chat {

// ISO 8601 in UTC with milliseconds and 'Z', e.g. 2026-11-28T10:15:30.123Z.
std::string formatIsoTime(Timestamp time);

}  // namespace chat
