#pragma once
#include <cstddef>
#include <string>

#include "domain/time.hpp"

namespace chat {

// ISO 8601 in UTC with milliseconds and 'Z', e.g. 2026-11-28T10:15:30.123Z.
std::string formatIsoTime(Timestamp time);
void appendIsoTime(std::string& out, Timestamp time);
// The length of that text for the years 0 to 9999.
inline constexpr std::size_t kIsoTimeSize = 24;

}  // namespace chat
