#include "adapters/signalr/protocol/record_reader.hpp"

#include <string>
#include <utility>

#include "adapters/signalr/protocol/length_prefix.hpp"

namespace chat::signalr {

RecordReader::RecordReader(std::size_t max_record_size) : max_record_size_(max_record_size) {}

void RecordReader::append(std::string_view bytes) {
  if (error_) return;  // don't buffer for a connection that is being closed
  if (begin_ > 0) {
    // Drop returned records now (not in next()) so their views stay valid until here. Only
    // the unreturned tail moves, and each byte moves at most once per returned record before
    // it, so reassembly stays linear.
    buffer_.erase(0, begin_);
    scan_ -= begin_;
    begin_ = 0;
    // A burst of large frames should not pin its peak memory for the connection's life.
    if (buffer_.empty() && buffer_.capacity() > 4 * max_record_size_) std::string().swap(buffer_);
  }
  buffer_.append(bytes);
}

void RecordReader::setFraming(RecordFraming framing) {
  framing_ = framing;
  scan_ = begin_;  // a separator search starts over with the unreturned bytes
}

Result<std::optional<std::string_view>> RecordReader::next() {
  if (error_) return *error_;
  return framing_ == RecordFraming::kSeparator ? nextSeparated() : nextLengthPrefixed();
}

Result<std::optional<std::string_view>> RecordReader::nextSeparated() {
  const std::size_t end = buffer_.find(kRecordSeparator, scan_);
  if (end == std::string::npos) {
    scan_ = buffer_.size();  // never rescan these bytes
    if (buffer_.size() - begin_ > max_record_size_) return fail(tooLarge());
    return std::optional<std::string_view>{};
  }
  if (end - begin_ > max_record_size_) return fail(tooLarge());
  const std::string_view record(buffer_.data() + begin_, end - begin_);
  begin_ = scan_ = end + 1;
  return std::optional<std::string_view>{record};
}

Result<std::optional<std::string_view>> RecordReader::nextLengthPrefixed() {
  const std::string_view pending(buffer_.data() + begin_, buffer_.size() - begin_);
  const LengthPrefix prefix = readLengthPrefix(pending);
  switch (prefix.state) {
    case LengthPrefix::State::kIncomplete:
      return std::optional<std::string_view>{};
    case LengthPrefix::State::kInvalid:
      // ASP.NET's text for the same prefixes.
      return fail(Error::invalid("Messages over 2GB in size are not supported."));
    case LengthPrefix::State::kComplete:
      break;
  }
  if (prefix.frame_size > max_record_size_) return fail(tooLarge());
  if (pending.size() - prefix.prefix_size < prefix.frame_size) {
    return std::optional<std::string_view>{};
  }
  const std::string_view record = pending.substr(prefix.prefix_size, prefix.frame_size);
  begin_ = scan_ = begin_ + prefix.prefix_size + prefix.frame_size;
  return std::optional<std::string_view>{record};
}

Error RecordReader::tooLarge() {
  return Error::tooLarge("The maximum message size of " + std::to_string(max_record_size_) +
                         "B was exceeded.");
}

Error RecordReader::fail(Error error) {
  error_ = std::move(error);
  std::string().swap(buffer_);
  begin_ = scan_ = 0;
  return *error_;
}

}  // namespace chat::signalr
