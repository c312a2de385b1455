#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "domain/time.hpp"

namespace chat {

// ISO 8601 in UTC with milliseconds and 'Z', e.g. 2026-11-28T10:15:30.123Z.
std::string formatIsoTime(Timestamp time);
void appendIsoTime(std::string& out, Timestamp time);
// Reads back exactly that form (what another node wrote); nullopt for anything else.
std::optional<Timestamp> parseIsoTime(std::string_view text);
// The length of that text for the years 0 to 9999.
inline constexpr std::size_t kIsoTimeSize = 24;

}  // namespace chat
