#pragma once
// ws_frame: the client side of RFC 6455 framing, for raw WebSocket peers. A reader splits the
// bytes of one read into every whole frame they hold, in place (a server's frames are not
// masked), so a burst of small messages costs one pass and no per-frame I/O; a writer builds
// masked client frames. No extensions (the raw upgrade offers none). Pure functions;
// thread-safe.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace chat::bench::ws {

enum class Opcode : std::uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

struct Frame {
  Opcode opcode = Opcode::kText;
  bool fin = true;
  std::string_view payload;  // points into the bytes given to parseServerFrame
};

enum class ParseStatus { kFrame, kIncomplete, kError };

// Reads the frame at the start of `bytes`. kFrame: `frame` is set and `consumed` is its size
// in bytes; kIncomplete: more bytes are needed; kError: `error` says why (a masked frame,
// reserved bits or opcodes, a fragmented or over-long control frame, or a payload above
// `max_payload`).
ParseStatus parseServerFrame(std::string_view bytes, std::size_t max_payload, Frame& frame,
                             std::size_t& consumed, std::string_view& error);

// Appends one final (FIN) client frame, masked with `mask_key`.
void appendClientFrame(std::string& out, Opcode opcode, std::string_view payload,
                       std::uint32_t mask_key);

// The payload of a Close frame with a status code (and no reason).
std::string closePayload(std::uint16_t code);

}  // namespace chat::bench::ws
