#include "adapters/redis/redis_command.hpp"

#include <charconv>

// RESP is written here rather than with hiredis's redisFormatCommandArgv: that one
// mallocs a buffer per command that would be copied into ours and freed, while this
// writes straight into the pipeline's buffer, and the whole format is a few lines.
namespace chat::redis {
namespace {

std::size_t digits(std::size_t n) {
  std::size_t count = 1;
  while (n >= 10) {
    n /= 10;
    ++count;
  }
  return count;
}

void appendHeader(std::string& out, char type, std::size_t n) {
  char number[24];
  const auto end = std::to_chars(number, number + sizeof number, n).ptr;
  out += type;
  out.append(number, end);
  out += "\r\n";
}

template <class Args>
void append(std::string& out, const Args& argv) {
  appendHeader(out, '*', argv.size());
  for (const auto& arg : argv) {
    appendHeader(out, '$', arg.size());
    out.append(arg.data(), arg.size());
    out += "\r\n";
  }
}

}  // namespace

std::size_t encodedSize(std::span<const std::string_view> argv) {
  std::size_t size = 1 + digits(argv.size()) + 2;
  for (std::string_view arg : argv) size += 1 + digits(arg.size()) + 2 + arg.size() + 2;
  return size;
}

void appendCommand(std::string& out, std::span<const std::string_view> argv) {
  append(out, argv);
}

void appendCommand(std::string& out, const std::vector<std::string>& argv) {
  append(out, argv);
}

}  // namespace chat::redis
