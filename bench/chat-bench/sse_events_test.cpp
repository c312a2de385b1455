#include "sse_events.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace chat::bench {
namespace {

std::vector<std::string> events(SseEventReader& reader) {
  std::vector<std::string> out;
  std::string_view data;
  while (reader.next(data) == SseEventReader::Status::kEvent) out.emplace_back(data);
  return out;
}

TEST(SseEvents, EventsAsTheServerWritesThem) {
  SseEventReader reader(1024);
  reader.append(":\r\n");  // the opening comment
  reader.append("data: {}\x1e\r\n\r\ndata: {\"type\":6}\x1e{\"type\":6}\x1e\r\n\r\n");
  EXPECT_EQ(events(reader),
            (std::vector<std::string>{"{}\x1e", "{\"type\":6}\x1e{\"type\":6}\x1e"}));
}

TEST(SseEvents, SplitAnywhereAndLinesJoined) {
  const std::string stream = "data: a\r\ndata:b\n\nid: 3\r\n: note\r\ndata: c\r\n\r\n\r\n";
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    SseEventReader reader(1024);
    reader.append(stream.substr(0, cut));
    auto got = events(reader);
    reader.append(stream.substr(cut));
    for (auto& event : events(reader)) got.push_back(event);
    EXPECT_EQ(got, (std::vector<std::string>{"a\nb", "c"})) << cut;
  }
}

TEST(SseEvents, EventsAboveTheLimitAreRefused) {
  SseEventReader reader(8);
  std::string_view data;
  reader.append("data: 0123456789");
  EXPECT_EQ(reader.next(data), SseEventReader::Status::kTooLarge);
  SseEventReader lines(8);
  lines.append("data: 01234\r\ndata: 56789\r\n");
  EXPECT_EQ(lines.next(data), SseEventReader::Status::kTooLarge);
}

}  // namespace
}  // namespace chat::bench
