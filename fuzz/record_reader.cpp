// Fuzzes RecordReader (reassembly of 0x1E-separated records) with bytes split into frames.
// Checks every record, nullopt and size error against a plain model of the byte stream.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "adapters/signalr/protocol/record_reader.hpp"
#include "fuzz_check.hpp"

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using chat::signalr::kRecordSeparator;
  FuzzedDataProvider input(data, size);
  // Small limits reach the size error; the default one is the server's.
  const std::size_t max_record_size = input.ConsumeBool()
                                          ? chat::signalr::RecordReader::kDefaultMaxRecordSize
                                          : input.ConsumeIntegralInRange<std::size_t>(0, 64);
  chat::signalr::RecordReader reader(max_record_size);
  std::string pending;  // the model: bytes appended and not yet returned
  bool failed = false;

  while (input.remaining_bytes() > 0 && !failed) {
    const std::string frame =
        input.ConsumeBytesAsString(input.ConsumeIntegralInRange<std::size_t>(0, 96));
    reader.append(frame);
    pending += frame;
    for (;;) {
      auto next = reader.next();
      const std::size_t end = pending.find(kRecordSeparator);
      const bool too_large =
          end == std::string::npos ? pending.size() > max_record_size : end > max_record_size;
      if (too_large) {
        FUZZ_CHECK(!next.ok(), "an oversized record was not refused");
        FUZZ_CHECK(reader.failed(), "the error is not final");
        failed = true;
        break;
      }
      FUZZ_CHECK(next.ok(), "a record within the limit was refused");
      if (end == std::string::npos) {
        FUZZ_CHECK(!next->has_value(), "a record without its separator");
        FUZZ_CHECK(reader.bufferedSize() == pending.size(), "bufferedSize is off");
        break;
      }
      FUZZ_CHECK(next->has_value(), "a complete record was not returned");
      FUZZ_CHECK(**next == std::string_view(pending).substr(0, end), "record bytes differ");
      pending.erase(0, end + 1);
    }
  }
  if (failed) {
    reader.append("{}\x1e");
    FUZZ_CHECK(!reader.next().ok(), "the reader recovered from an error");
  }
  return 0;
}
