#include "adapters/dto/json_string.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>

namespace chat {
namespace {

std::string encode(std::string_view text) {
  std::string out;
  appendJsonString(out, text);
  EXPECT_EQ(out.size(), jsonStringSize(text)) << text;
  return out;
}

TEST(JsonString, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(encode(""), R"("")");
  EXPECT_EQ(encode("plain"), R"("plain")");
  EXPECT_EQ(encode(R"(say "hi")"), R"("say \"hi\"")");
  EXPECT_EQ(encode(R"(C:\dir)"), R"("C:\\dir")");
  EXPECT_EQ(encode("a\nb\rc\td\be\ff"), R"("a\nb\rc\td\be\ff")");
  EXPECT_EQ(encode(std::string_view("\0\x01\x1e\x1f", 4)), R"("\u0000\u0001\u001e\u001f")");
  EXPECT_EQ(encode("</script>\x7f"), "\"</script>\x7f\"");  // '/' and DEL need no escape
}

TEST(JsonString, PassesUtf8Through) {
  EXPECT_EQ(encode("h\xC3\xA9llo \xF0\x9F\x98\x80"), "\"h\xC3\xA9llo \xF0\x9F\x98\x80\"");
}

TEST(JsonString, MatchesBoostJsonForEveryByte) {
  for (int c = 0; c < 256; ++c) {
    std::string text = "a";  // built by appends: GCC 12 -Wrestrict misfires on "a" + string
    text += static_cast<char>(c);
    text += 'b';
    EXPECT_EQ(encode(text), boost::json::serialize(boost::json::string_view(text))) << c;
  }
}

TEST(JsonString, OutputParsesBackToTheInput) {
  std::string all;
  for (int c = 1; c < 128; ++c) all += static_cast<char>(c);
  all += "\xC3\xA9";
  const auto parsed = boost::json::parse(encode(all));
  EXPECT_EQ(parsed.as_string(), all);
}

}  // namespace
}  // namespace chat
