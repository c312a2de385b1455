#include "adapters/signalr/protocol/record_reader.hpp"

#include <string>

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

Result<std::optional<std::string_view>> RecordReader::next() {
  if (error_) return *error_;
  const std::size_t end = buffer_.find(kRecordSeparator, scan_);
  if (end == std::string::npos) {
    scan_ = buffer_.size();  // never rescan these bytes
    if (buffer_.size() - begin_ > max_record_size_) return fail();
    return std::optional<std::string_view>{};
  }
  if (end - begin_ > max_record_size_) return fail();
  const std::string_view record(buffer_.data() + begin_, end - begin_);
  begin_ = scan_ = end + 1;
  return std::optional<std::string_view>{record};
}

Error RecordReader::fail() {
  error_ = Error::tooLarge("The maximum message size of " + std::to_string(max_record_size_) +
                           "B was exceeded.");
  std::string().swap(buffer_);
  begin_ = scan_ = 0;
  return *error_;
}

}  // namespace chat::signalr
