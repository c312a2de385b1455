#include "ws_frame.hpp"

namespace chat::bench::ws {

namespace {

bool isControl(std::uint8_t opcode) {
  return (opcode & 0x8) != 0;
}

bool isKnown(std::uint8_t opcode) {
  return opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xA);
}

}  // namespace

ParseStatus parseServerFrame(std::string_view bytes, std::size_t max_payload, Frame& frame,
                             std::size_t& consumed, std::string_view& error) {
  if (bytes.size() < 2) return ParseStatus::kIncomplete;
  const auto b0 = static_cast<std::uint8_t>(bytes[0]);
  const auto b1 = static_cast<std::uint8_t>(bytes[1]);
  const std::uint8_t opcode = b0 & 0x0F;
  if ((b0 & 0x70) != 0) {
    error = "a frame with reserved bits set";
    return ParseStatus::kError;
  }
  if (!isKnown(opcode)) {
    error = "a frame with an unknown opcode";
    return ParseStatus::kError;
  }
  if ((b1 & 0x80) != 0) {
    error = "a masked frame from the server";
    return ParseStatus::kError;
  }
  const bool fin = (b0 & 0x80) != 0;
  std::size_t header = 2;
  std::uint64_t length = b1 & 0x7F;
  if (length == 126) {
    header = 4;
    if (bytes.size() < header) return ParseStatus::kIncomplete;
    length = (std::uint64_t{static_cast<std::uint8_t>(bytes[2])} << 8) |
             static_cast<std::uint8_t>(bytes[3]);
  } else if (length == 127) {
    header = 10;
    if (bytes.size() < header) return ParseStatus::kIncomplete;
    length = 0;
    for (std::size_t i = 2; i < 10; ++i) {
      length = (length << 8) | static_cast<std::uint8_t>(bytes[i]);
    }
  }
  if (isControl(opcode) && (!fin || length > 125)) {
    error = "a fragmented or over-long control frame";
    return ParseStatus::kError;
  }
  if (length > max_payload) {
    error = "a frame above the size limit";
    return ParseStatus::kError;
  }
  if (bytes.size() - header < length) return ParseStatus::kIncomplete;
  frame.opcode = static_cast<Opcode>(opcode);
  frame.fin = fin;
  frame.payload = bytes.substr(header, static_cast<std::size_t>(length));
  consumed = header + static_cast<std::size_t>(length);
  return ParseStatus::kFrame;
}

void appendClientFrame(std::string& out, Opcode opcode, std::string_view payload,
                       std::uint32_t mask_key) {
  out.push_back(static_cast<char>(0x80 | static_cast<std::uint8_t>(opcode)));
  const std::size_t length = payload.size();
  if (length < 126) {
    out.push_back(static_cast<char>(0x80 | length));
  } else if (length <= 0xFFFF) {
    out.push_back(static_cast<char>(0x80 | 126));
    out.push_back(static_cast<char>(length >> 8));
    out.push_back(static_cast<char>(length & 0xFF));
  } else {
    out.push_back(static_cast<char>(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.push_back(static_cast<char>((static_cast<std::uint64_t>(length) >> shift) & 0xFF));
    }
  }
  const char mask[4] = {static_cast<char>(mask_key >> 24), static_cast<char>(mask_key >> 16),
                        static_cast<char>(mask_key >> 8), static_cast<char>(mask_key)};
  out.append(mask, 4);
  const std::size_t start = out.size();
  out.append(payload);
  for (std::size_t i = 0; i < length; ++i) {
    out[start + i] = static_cast<char>(out[start + i] ^ mask[i & 3]);
  }
}

std::string closePayload(std::uint16_t code) {
  return {static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
}

}  // namespace chat::bench::ws
