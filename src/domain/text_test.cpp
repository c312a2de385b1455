#include "domain/text.hpp"

#include <gtest/gtest.h>

namespace chat {
namespace {

TEST(Utf8Length, CountsCodePointsNotBytes) {
  EXPECT_EQ(utf8Length("abc"), 3u);
  EXPECT_EQ(utf8Length("h\xC3\xA9llo"), 5u);      // é
  EXPECT_EQ(utf8Length("\xF0\x9F\x98\x80"), 1u);  // emoji
  EXPECT_EQ(utf8Length(""), 0u);
}

TEST(Utf8Length, RejectsInvalidSequences) {
  EXPECT_FALSE(utf8Length("\xC3"));          // truncated
  EXPECT_FALSE(utf8Length("\xC0\xAF"));      // overlong
  EXPECT_FALSE(utf8Length("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(utf8Length("\xFF"));
  EXPECT_FALSE(utf8Length("\xF4\x90\x80\x80"));  // > U+10FFFF
}

TEST(IsBlank, DetectsWhitespaceOnly) {
  EXPECT_TRUE(isBlank(""));
  EXPECT_TRUE(isBlank(" \t\n"));
  EXPECT_FALSE(isBlank(" a "));
}

}  // namespace
}  // namespace chat
