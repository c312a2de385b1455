#pragma once
// The text of a benchmark message: when it was sent (steady clock, ns), by which sender and
// with which sender-local sequence number, padded with 'x' to a requested size:
// "t<send_ns>s<sender>n<seq>xxxx". Only JSON-safe characters, so it travels unescaped.
// Pure functions; thread-safe.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chat::bench {

struct Payload {
  std::uint64_t send_ns = 0;
  std::uint32_t sender = 0;
  std::uint64_t seq = 0;
};

// Appends the payload text, at least `size` characters long.
void appendPayload(std::string& out, const Payload& payload, std::size_t size);

// Reads a payload back; nullopt if `text` is not one.
std::optional<Payload> parsePayload(std::string_view text);

}  // namespace chat::bench
