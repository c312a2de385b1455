#pragma once
// SseEventReader: splits the body of a `text/event-stream` response into events and gives
// each event's data: its `data:` lines (one space after the colon dropped) joined with "\n".
// Lines end in CRLF or LF; comments (":...") and other fields are ignored, and an event
// without data gives nothing, as EventSource dispatches none.
// Not thread-safe: one per stream.
#include <cstddef>
#include <string>
#include <string_view>

namespace chat::bench {

class SseEventReader {
 public:
  explicit SseEventReader(std::size_t max_event_bytes) : max_event_bytes_(max_event_bytes) {}

  void append(std::string_view bytes) { buffer_.append(bytes); }

  enum class Status { kEvent, kIncomplete, kTooLarge };
  // kEvent: `data` holds the next event's data (valid until the next call).
  Status next(std::string_view& data);

 private:
  std::size_t max_event_bytes_;
  std::string buffer_;
  std::size_t begin_ = 0;  // start of the first line not yet read
  std::string data_;       // the data lines of the event being read
  std::string last_;       // the data of the event returned last
  bool has_data_ = false;
};

}  // namespace chat::bench
