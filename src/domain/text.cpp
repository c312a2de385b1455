#include "domain/text.hpp"

namespace chat {

std::optional<std::size_t> utf8Length(std::string_view text) {
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t width = 0;
    char32_t code = 0;
    if (lead < 0x80) {
      width = 1;
      code = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      width = 2;
      code = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      width = 3;
      code = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      width = 4;
      code = lead & 0x07;
    } else {
      return std::nullopt;
    }
    if (i + width > text.size()) return std::nullopt;
    for (std::size_t k = 1; k < width; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      code = (code << 6) | (next & 0x3F);
    }
    // Reject overlong forms, surrogates and code points past U+10FFFF.
    static constexpr char32_t kMinForWidth[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinForWidth[width] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return std::nullopt;
    }
    i += width;
    ++count;
  }
  return count;
}

bool isBlank(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') return false;
  }
  return true;
}

}  // namespace chat
