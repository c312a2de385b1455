// Fuzzes ReplyReader (RESP replies from Redis, through hiredis's parser) with split byte streams.
// Checks that every reply read, written back as RESP2 and read in one piece, is the same reply.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/redis/redis_reply.hpp"
#include "fuzz_check.hpp"

namespace {

using chat::redis::Reply;
using chat::redis::ReplyReader;

void encode(const Reply& reply, std::string& out) {
  switch (reply.kind) {
    case Reply::Kind::kStatus:
      out += '+' + reply.text + "\r\n";
      return;
    case Reply::Kind::kError:
      out += '-' + reply.text + "\r\n";
      return;
    case Reply::Kind::kInteger:
      out += ':' + std::to_string(reply.integer) + "\r\n";
      return;
    case Reply::Kind::kString:
      out += '$' + std::to_string(reply.text.size()) + "\r\n" + reply.text + "\r\n";
      return;
    case Reply::Kind::kNil:
      out += "$-1\r\n";
      return;
    case Reply::Kind::kArray:
      out += '*' + std::to_string(reply.elements.size()) + "\r\n";
      for (const Reply& element : reply.elements) encode(element, out);
      return;
  }
}

void checkRoundTrip(const Reply& reply) {
  std::string bytes;
  encode(reply, bytes);
  ReplyReader reader;
  reader.feed(bytes);
  auto again = reader.next();
  FUZZ_CHECK(again.ok() && again->has_value(), "a written reply does not read back");
  FUZZ_CHECK(**again == reply, "the reply changed on the round trip");
  auto rest = reader.next();
  FUZZ_CHECK(rest.ok() && !rest->has_value(), "bytes left after the reply");
  (void)chat::redis::describe(reply);
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  std::vector<std::string> chunks;
  std::string stream;
  while (input.remaining_bytes() > 0) {
    chunks.push_back(input.ConsumeRandomLengthString(128));
    stream += chunks.back();
  }
  // hiredis 0.14 allocates what a `*N` announces before reading it; Redis is a trusted peer,
  // so counts past a million are left out rather than reported as out of memory.
  for (std::size_t star = stream.find('*'); star != std::string::npos;
       star = stream.find('*', star + 1)) {
    if (stream.find_first_not_of("0123456789", star + 1) - star > 7) return 0;
  }
  ReplyReader reader;
  for (const std::string& chunk : chunks) {
    reader.feed(chunk);
    for (;;) {
      auto reply = reader.next();
      if (!reply) {
        FUZZ_CHECK(!reader.next().ok(), "the reader recovered from a protocol error");
        return 0;
      }
      if (!reply->has_value()) break;
      checkRoundTrip(**reply);
    }
  }
  return 0;
}
