#include "sse_events.hpp"

namespace chat::bench {

SseEventReader::Status SseEventReader::next(std::string_view& data) {
  for (;;) {
    const std::size_t end = buffer_.find('\n', begin_);
    if (end == std::string::npos) {
      // Keep the unread part only; a line (or event) without end may not grow for ever.
      buffer_.erase(0, begin_);
      begin_ = 0;
      return buffer_.size() + data_.size() > max_event_bytes_ ? Status::kTooLarge
                                                              : Status::kIncomplete;
    }
    std::string_view line(buffer_.data() + begin_, end - begin_);
    begin_ = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (!has_data_) continue;
      has_data_ = false;
      last_.swap(data_);
      data_.clear();
      data = last_;
      return Status::kEvent;
    }
    if (!line.starts_with("data:")) continue;  // a comment or another field
    line.remove_prefix(5);
    if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (has_data_) data_.push_back('\n');
    data_.append(line);
    has_data_ = true;
    if (data_.size() > max_event_bytes_) return Status::kTooLarge;
  }
}

}  // namespace chat::bench
