#include "payload.hpp"

#include <charconv>

namespace chat::bench {

namespace {

template <class T>
void appendNumber(std::string& out, T value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

// Reads the decimal number after `tag` at `pos`; advances `pos`.
template <class T>
bool readField(std::string_view text, std::size_t& pos, char tag, T& value) {
  if (pos >= text.size() || text[pos] != tag) return false;
  const char* begin = text.data() + pos + 1;
  auto [end, ec] = std::from_chars(begin, text.data() + text.size(), value);
  if (ec != std::errc() || end == begin) return false;
  pos = static_cast<std::size_t>(end - text.data());
  return true;
}

}  // namespace

void appendPayload(std::string& out, const Payload& payload, std::size_t size) {
  const std::size_t start = out.size();
  out.push_back('t');
  appendNumber(out, payload.send_ns);
  out.push_back('s');
  appendNumber(out, payload.sender);
  out.push_back('n');
  appendNumber(out, payload.seq);
  const std::size_t written = out.size() - start;
  if (written < size) out.append(size - written, 'x');
}

std::optional<Payload> parsePayload(std::string_view text) {
  Payload payload;
  std::size_t pos = 0;
  if (!readField(text, pos, 't', payload.send_ns) || !readField(text, pos, 's', payload.sender) ||
      !readField(text, pos, 'n', payload.seq)) {
    return std::nullopt;
  }
  for (; pos < text.size(); ++pos) {
    if (text[pos] != 'x') return std::nullopt;
  }
  return payload;
}

}  // namespace chat::bench
