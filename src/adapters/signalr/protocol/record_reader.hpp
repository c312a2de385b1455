#pragma once
// RecordReader: reassembles SignalR records from the bytes of transport frames, which may
// split a record or carry several. Records are text ending in 0x1E (the handshake, the JSON
// protocol) until setFraming switches to length-prefixed binary frames (MessagePack).
// Not thread-safe: one instance per connection, used by one reader at a time.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/signalr/protocol/record_framing.hpp"
#include "adapters/signalr/protocol/record_separator.hpp"
#include "domain/result.hpp"

namespace chat::signalr {

class RecordReader {
 public:
  static constexpr std::size_t kDefaultMaxRecordSize = 32 * 1024;

  // `max_record_size` bounds one record, separator or length prefix excluded.
  explicit RecordReader(std::size_t max_record_size = kDefaultMaxRecordSize);

  // How the records after this call are split, starting with the bytes already buffered
  // and not yet returned: after a handshake (a 0x1E record) a MessagePack connection
  // switches to RecordFraming::kLengthPrefix, and the bytes that came with the handshake are
  // its first frames. The reader starts with kSeparator.
  void setFraming(RecordFraming framing);

  // Adds transport bytes. Invalidates views returned by next(). Ignored after an error.
  void append(std::string_view bytes);

  // The next complete record (without its separator or length prefix), nullopt when more
  // bytes are needed, or Error::tooLarge once a record exceeds the limit, even before its
  // separator or body arrived (a length prefix over the limit fails at once). A length
  // prefix of more than 5 bytes or over 2 GB gives Error::invalid. Errors are final: the
  // connection should be closed. An empty record ("\x1e\x1e", or a frame of length 0) is
  // returned as an empty view; the hub parser rejects it.
  Result<std::optional<std::string_view>> next();

  bool failed() const { return error_.has_value(); }
  // Bytes received but not yet returned as records.
  std::size_t bufferedSize() const { return buffer_.size() - begin_; }

 private:
  Result<std::optional<std::string_view>> nextSeparated();
  Result<std::optional<std::string_view>> nextLengthPrefixed();
  Error tooLarge();
  Error fail(Error error);

  std::size_t max_record_size_;
  RecordFraming framing_ = RecordFraming::kSeparator;
  std::string buffer_;
  std::size_t begin_ = 0;  // start of the first record not yet returned
  std::size_t scan_ = 0;   // kSeparator: bytes in [begin_, scan_) hold no separator
  std::optional<Error> error_;
};

}  // namespace chat::signalr
