// Fuzzes RecordReader's length-prefixed framing: an optional 0x1E handshake record, then
// frames (well-formed, with minimal or padded prefixes, or raw bytes), split into appends.
// Checks every record, "need more", size and prefix error against a plain model of the stream.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "adapters/signalr/protocol/record_reader.hpp"
#include "fuzz_check.hpp"

namespace {

using chat::ErrorKind;
using chat::signalr::RecordFraming;
using chat::signalr::RecordReader;

// The model's reading of the prefix at the start of `bytes`, written apart from the reader's.
struct ModelPrefix {
  enum { kMore, kFrame, kBad } state = kMore;
  std::uint64_t size = 0;
  std::size_t bytes = 0;
};

ModelPrefix modelPrefix(const std::string& bytes) {
  ModelPrefix prefix;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto byte = static_cast<unsigned char>(bytes[i]);
    prefix.size += static_cast<std::uint64_t>(byte & 0x7f) << (7 * i);
    if (byte < 0x80) {
      prefix.state =
          prefix.size >= (std::uint64_t{1} << 31) ? ModelPrefix::kBad : ModelPrefix::kFrame;
      prefix.bytes = i + 1;
      return prefix;
    }
    if (i == 4) {  // a sixth byte would be needed
      prefix.state = ModelPrefix::kBad;
      return prefix;
    }
  }
  return prefix;
}

// A frame's prefix, padded with `padding` extra groups of zero bits when asked.
std::string prefixOf(std::size_t size, std::size_t padding) {
  std::string out;
  do {
    out += static_cast<char>((size & 0x7f) | 0x80);
    size >>= 7;
  } while (size > 0);
  for (std::size_t i = 0; i < padding; ++i) out += '\x80';
  out.back() = static_cast<char>(out.back() & 0x7f);
  return out;
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const std::size_t max_record_size = input.ConsumeBool()
                                          ? RecordReader::kDefaultMaxRecordSize
                                          : input.ConsumeIntegralInRange<std::size_t>(0, 64);
  const bool handshake = input.ConsumeBool();
  std::string stream;
  if (handshake) stream = input.ConsumeRandomLengthString(64) + '\x1e';
  const int frames = input.ConsumeIntegralInRange(0, 16);
  for (int i = 0; i < frames; ++i) {
    const int kind = input.ConsumeIntegralInRange(0, 3);
    if (kind == 0) {
      stream += input.ConsumeBytesAsString(input.ConsumeIntegralInRange<std::size_t>(0, 8));
    } else {
      const std::string body = input.ConsumeRandomLengthString(200);
      stream += prefixOf(body.size(), kind == 3 ? input.ConsumeIntegralInRange(0, 3) : 0) + body;
    }
  }

  RecordReader reader(max_record_size);
  bool separated = handshake;  // the model: framing, and bytes appended not yet returned
  if (!separated) reader.setFraming(RecordFraming::kLengthPrefix);
  std::string pending;
  bool failed = false;
  for (std::size_t at = 0; at < stream.size() && !failed;) {
    const std::size_t piece = input.ConsumeIntegralInRange<std::size_t>(1, 300);
    reader.append(std::string_view(stream).substr(at, piece));
    pending += stream.substr(at, piece);
    at += piece;
    for (;;) {
      auto next = reader.next();
      if (separated) {
        const std::size_t end = pending.find('\x1e');
        if (end == std::string::npos ? pending.size() > max_record_size : end > max_record_size) {
          FUZZ_CHECK(!next.ok() && next.error().kind == ErrorKind::kTooLarge,
                     "an oversized handshake was not refused");
          failed = true;
          break;
        }
        FUZZ_CHECK(next.ok(), "a handshake within the limit was refused");
        if (end == std::string::npos) {
          FUZZ_CHECK(!next->has_value(), "a record without its separator");
          break;
        }
        FUZZ_CHECK(next->has_value() && **next == std::string_view(pending).substr(0, end),
                   "handshake bytes differ");
        pending.erase(0, end + 1);
        separated = false;
        reader.setFraming(RecordFraming::kLengthPrefix);
        continue;
      }
      const ModelPrefix prefix = modelPrefix(pending);
      if (prefix.state == ModelPrefix::kBad) {
        FUZZ_CHECK(!next.ok() && next.error().kind == ErrorKind::kInvalid,
                   "a bad prefix was not refused");
        failed = true;
        break;
      }
      if (prefix.state == ModelPrefix::kFrame && prefix.size > max_record_size) {
        FUZZ_CHECK(!next.ok() && next.error().kind == ErrorKind::kTooLarge,
                   "an oversized frame was not refused from its prefix");
        failed = true;
        break;
      }
      FUZZ_CHECK(next.ok(), "a frame within the limit was refused");
      if (prefix.state == ModelPrefix::kMore || pending.size() - prefix.bytes < prefix.size) {
        FUZZ_CHECK(!next->has_value(), "a frame returned before its last byte");
        FUZZ_CHECK(reader.bufferedSize() == pending.size(), "bufferedSize is off");
        break;
      }
      FUZZ_CHECK(next->has_value(), "a complete frame was not returned");
      FUZZ_CHECK(**next == std::string_view(pending).substr(prefix.bytes, prefix.size),
                 "frame bytes differ");
      pending.erase(0, prefix.bytes + prefix.size);
    }
  }
  if (failed) {
    FUZZ_CHECK(reader.failed() && reader.bufferedSize() == 0, "the error is not final");
    reader.append(std::string("\x01\x00", 2));
    FUZZ_CHECK(!reader.next().ok(), "the reader recovered from an error");
  }
  return 0;
}
