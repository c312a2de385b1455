#pragma once
// A decimal integer that is the whole text: no spaces, no trailing characters, no
// overflow. Every parser of ids, seqs and counts in text (URLs, queries, tokens, bus
// payloads) reads numbers this way.
#include <charconv>
#include <optional>
#include <string_view>

namespace chat {

template <class Int>
std::optional<Int> parseWholeNumber(std::string_view text) {
  Int value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace chat
