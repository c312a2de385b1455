#pragma once
// For the MessagePack tests: bytes written as hex, spaces allowed ("91 06").
#include <string>
#include <string_view>

namespace chat::signalr {

inline std::string hexBytes(std::string_view hex) {
  auto digit = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size();) {
    if (hex[i] == ' ') {
      ++i;
      continue;
    }
    out += static_cast<char>(digit(hex[i]) * 16 + digit(hex[i + 1]));
    i += 2;
  }
  return out;
}

inline std::string toHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    if (!out.empty()) out += ' ';
    out += kDigits[static_cast<unsigned char>(c) >> 4];
    out += kDigits[static_cast<unsigned char>(c) & 15];
  }
  return out;
}

}  // namespace chat::signalr
