#include "domain/validation.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace chat {
namespace {

TEST(ValidateUserName, AcceptsAllowedCharacters) {
  EXPECT_TRUE(validateUserName("alice"));
  EXPECT_TRUE(validateUserName("a.b-c_d@e+f9"));
}

TEST(ValidateUserName, RejectsLengthAndCharacters) {
  EXPECT_FALSE(validateUserName("ab"));
  EXPECT_FALSE(validateUserName(std::string(65, 'a')));
  EXPECT_FALSE(validateUserName("has space"));
  EXPECT_FALSE(validateUserName("semi;colon"));
}

TEST(ValidatePassword, EnforcesLengthBounds) {
  Limits limits;
  EXPECT_FALSE(validatePassword("short", limits));
  EXPECT_TRUE(validatePassword("longenough", limits));
  EXPECT_TRUE(validatePassword(std::string(64, 'x'), limits));
  EXPECT_FALSE(validatePassword(std::string(limits.max_password_length + 1, 'x'), limits));
}

TEST(ValidateMessageText, RejectsBlankAndTooLong) {
  Limits limits;
  limits.max_message_length = 5;
  EXPECT_TRUE(validateMessageText("hello", limits));
  EXPECT_EQ(validateMessageText("   ", limits).error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(validateMessageText("toolong", limits).error().kind, ErrorKind::kTooLarge);
  EXPECT_FALSE(validateMessageText("\xFF", limits));
}

TEST(ValidateMessageText, RejectsControlCharactersButTabAndLineBreaks) {
  const Limits limits;
  EXPECT_TRUE(validateMessageText("line one\r\nline two\tend\n", limits));
  using namespace std::string_view_literals;
  for (const auto text : {"a\0b"sv, "bell\a"sv, "esc\x1B[2J"sv, "del\x7F"sv, "\x01"sv}) {
    const auto status = validateMessageText(text, limits);
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().kind, ErrorKind::kInvalid);
  }
}

TEST(ValidateGroupName, RejectsControlCharacters) {
  const Limits limits;
  EXPECT_FALSE(validateGroupName(std::string_view("team\0x", 6), limits));
  EXPECT_FALSE(validateGroupName("team\x1B", limits));
}

TEST(ValidateGroupName, CountsCharactersNotBytes) {
  Limits limits;
  limits.max_group_name_length = 2;
  EXPECT_TRUE(validateGroupName("\xC3\xA9\xC3\xA9", limits));
}

}  // namespace
}  // namespace chat
