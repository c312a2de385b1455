#pragma once
// The length prefix of SignalR's binary framing (RecordFraming::kLengthPrefix): a frame's
// size as a VarInt, 7 bits a byte, least significant group first, the high bit set on every
// byte but the last. At most 5 bytes, and the 5th holds no more than 3 bits, so no frame is
// over 2^31 - 1 bytes (ASP.NET's and the JavaScript clients' limit).
// Pure functions; thread-safe.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace chat::signalr {

inline constexpr std::size_t kMaxLengthPrefixSize = 5;
inline constexpr std::uint32_t kMaxFrameSize = 0x7fffffff;

// Bytes the prefix of a `size`-byte frame takes, 1 to 5. `size` is at most kMaxFrameSize.
std::size_t lengthPrefixSize(std::size_t size);

// Writes the prefix of a `size`-byte frame to `out`, which has room for
// lengthPrefixSize(size) bytes; returns that count.
std::size_t writeLengthPrefix(std::size_t size, char* out);

struct LengthPrefix {
  enum class State {
    kIncomplete,  // every byte so far says "more": wait for the next one
    kComplete,
    kInvalid,  // more than 5 bytes, or a size over kMaxFrameSize
  };
  State state = State::kIncomplete;
  std::uint32_t frame_size = 0;  // when complete
  std::size_t prefix_size = 0;   // when complete: the bytes before the frame
};

// Reads the prefix at the start of `bytes`. Non-minimal prefixes (a last byte of 0x00 after
// others) are accepted, as ASP.NET accepts them.
LengthPrefix readLengthPrefix(std::string_view bytes);

}  // namespace chat::signalr
