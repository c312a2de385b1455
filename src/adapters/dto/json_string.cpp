#include "adapters/dto/json_string.hpp"

#include <array>

namespace chat {
namespace {

// Per byte: 0 = copied as is, otherwise the character after the backslash ('u' = \u00XX).
constexpr std::array<char, 256> kEscapes = [] {
  std::array<char, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = 'u';
  table['\b'] = 'b';
  table['\t'] = 't';
  table['\n'] = 'n';
  table['\f'] = 'f';
  table['\r'] = 'r';
  table['"'] = '"';
  table['\\'] = '\\';
  return table;
}();

char escapeOf(char c) {
  return kEscapes[static_cast<unsigned char>(c)];
}

}  // namespace

std::size_t jsonStringSize(std::string_view text) {
  std::size_t size = text.size() + 2;
  for (char c : text) {
    const char e = escapeOf(c);
    if (e == 'u') {
      size += 5;
    } else if (e != 0) {
      size += 1;
    }
  }
  return size;
}

void appendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of the pending run of bytes copied as is
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char e = escapeOf(text[i]);
    if (e == 0) continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    out += '\\';
    out += e;
    if (e == 'u') {
      const auto byte = static_cast<unsigned char>(text[i]);
      out += "00";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

}  // namespace chat
