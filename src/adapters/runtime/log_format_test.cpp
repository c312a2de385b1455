#include "adapters/runtime/log_format.hpp"

#include <gtest/gtest.h>

namespace chat::runtime {
namespace {

std::string escaped(std::string_view text) {
  std::string out;
  appendJsonEscaped(text, out);
  return out;
}

TEST(LogFormatTest, EscapesWhatWouldEndOrBreakAJsonString) {
  EXPECT_EQ(escaped(R"(say "hi" \ bye)"), R"(say \"hi\" \\ bye)");
  EXPECT_EQ(escaped("line\nnext\ttab\x01"), R"(line\nnext\u0009tab\u0001)");
  EXPECT_EQ(escaped("\x7f"), R"(\u007f)");
}

TEST(LogFormatTest, KeepsUtf8AndReplacesBytesThatAreNot) {
  EXPECT_EQ(escaped("grüße 😀"), "grüße 😀");
  EXPECT_EQ(escaped("bad \xff byte"), R"(bad \ufffd byte)");
  EXPECT_EQ(escaped("cut \xe2\x82"), R"(cut \ufffd\ufffd)");
  EXPECT_EQ(escaped("overlong \xc0\xaf"), R"(overlong \ufffd\ufffd)");
  EXPECT_EQ(escaped("surrogate \xed\xa0\x80"), R"(surrogate \ufffd\ufffd\ufffd)");
}

}  // namespace
}  // namespace chat::runtime
