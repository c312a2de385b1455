#include "adapters/signalr/protocol/length_prefix.hpp"

#include <cassert>

namespace chat::signalr {

std::size_t lengthPrefixSize(std::size_t size) {
  assert(size <= kMaxFrameSize);
  std::size_t bytes = 1;
  for (size >>= 7; size > 0; size >>= 7) ++bytes;
  return bytes;
}

std::size_t writeLengthPrefix(std::size_t size, char* out) {
  assert(size <= kMaxFrameSize);
  std::size_t written = 0;
  do {
    auto group = static_cast<unsigned char>(size & 0x7f);
    size >>= 7;
    if (size > 0) group |= 0x80;
    out[written++] = static_cast<char>(group);
  } while (size > 0);
  return written;
}

LengthPrefix readLengthPrefix(std::string_view bytes) {
  std::uint64_t size = 0;
  for (std::size_t i = 0; i < bytes.size() && i < kMaxLengthPrefixSize; ++i) {
    const auto byte = static_cast<unsigned char>(bytes[i]);
    size |= static_cast<std::uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) {
      if (size > kMaxFrameSize) return {LengthPrefix::State::kInvalid};
      return {LengthPrefix::State::kComplete, static_cast<std::uint32_t>(size), i + 1};
    }
  }
  if (bytes.size() >= kMaxLengthPrefixSize) return {LengthPrefix::State::kInvalid};
  return {LengthPrefix::State::kIncomplete};
}

}  // namespace chat::signalr
