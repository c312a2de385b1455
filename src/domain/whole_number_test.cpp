#include "domain/whole_number.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace chat {
namespace {

TEST(WholeNumberTest, ReadsTheWholeText) {
  EXPECT_EQ(parseWholeNumber<std::int64_t>("42"), 42);
  EXPECT_EQ(parseWholeNumber<std::int64_t>("-7"), -7);
  EXPECT_EQ(parseWholeNumber<std::uint16_t>("65535"), 65535);
}

TEST(WholeNumberTest, RefusesAnythingElse) {
  for (const char* text : {"", " 1", "1 ", "1a", "+1", "0x10", "1.5", "--1"}) {
    EXPECT_FALSE(parseWholeNumber<std::int64_t>(text).has_value()) << '"' << text << '"';
  }
  EXPECT_FALSE(parseWholeNumber<std::uint16_t>("65536").has_value());  // overflow
  EXPECT_FALSE(parseWholeNumber<std::uint16_t>("-1").has_value());
  EXPECT_FALSE(parseWholeNumber<std::int64_t>("9223372036854775808").has_value());
}

}  // namespace
}  // namespace chat
