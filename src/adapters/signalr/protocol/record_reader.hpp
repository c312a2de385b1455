#pragma once
// RecordReader: reassembles SignalR text records (each terminated by 0x1E) from the bytes
// of transport frames, which may split a record or carry several.
// Not thread-safe: one instance per connection, used by one reader at a time.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/signalr/protocol/record_separator.hpp"
#include "domain/result.hpp"

namespace chat::signalr {

class RecordReader {
 public:
  static constexpr std::size_t kDefaultMaxRecordSize = 32 * 1024;

  // `max_record_size` bounds one record, separator excluded.
  explicit RecordReader(std::size_t max_record_size = kDefaultMaxRecordSize);

  // Adds transport bytes. Invalidates views returned by next(). Ignored after an error.
  void append(std::string_view bytes);

  // The next complete record (without its separator), nullopt when more bytes are needed,
  // or Error::tooLarge once a record exceeds the limit, even before its separator arrived.
  // The error is final: the connection should be closed. An empty record ("\x1e\x1e") is
  // returned as an empty view; the hub parser rejects it.
  Result<std::optional<std::string_view>> next();

  bool failed() const { return error_.has_value(); }
  // Bytes received but not yet returned as records.
  std::size_t bufferedSize() const { return buffer_.size() - begin_; }

 private:
  Error fail();

  std::size_t max_record_size_;
  std::string buffer_;
  std::size_t begin_ = 0;  // start of the first record not yet returned
  std::size_t scan_ = 0;   // bytes in [begin_, scan_) are known to hold no separator
  std::optional<Error> error_;
};

}  // namespace chat::signalr
