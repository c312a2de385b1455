#include "adapters/security/base64url.hpp"

#include <gtest/gtest.h>

namespace chat {
namespace {

TEST(Base64Url, EncodesWithoutPaddingUsingUrlAlphabet) {
  EXPECT_EQ(base64UrlEncode(""), "");
  EXPECT_EQ(base64UrlEncode("f"), "Zg");
  EXPECT_EQ(base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(base64UrlEncode("\xfb\xff\xbf"), "-_-_");
}

TEST(Base64Url, RoundTrips) {
  const std::string bytes("\0\x01\xfe\xff{\"a\":1}", 11);
  const auto decoded = base64UrlDecode(base64UrlEncode(bytes));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, bytes);
}

TEST(Base64Url, RejectsNonCanonicalInput) {
  EXPECT_FALSE(base64UrlDecode("Zg==").has_value());  // padding
  EXPECT_FALSE(base64UrlDecode("+/+/").has_value());  // standard alphabet
  EXPECT_FALSE(base64UrlDecode("Zm 9v").has_value());
  EXPECT_FALSE(base64UrlDecode("Z").has_value());   // a lone sextet
  EXPECT_FALSE(base64UrlDecode("Zh").has_value());  // stray trailing bits
  EXPECT_TRUE(base64UrlDecode("").has_value());
}

// Found by fuzz/jwt.cpp: libsodium 1.0.18 read any byte from 0x80 up as '_', so a JWT's
// signature could be spelled in many ways and still verify.
TEST(Base64Url, RejectsBytesOutsideTheAlphabet) {
  EXPECT_EQ(base64UrlDecode("___A"), std::optional<std::string>("\xff\xff\xc0"));
  EXPECT_FALSE(base64UrlDecode("\xff__A").has_value());
  EXPECT_FALSE(base64UrlDecode("\x80__A").has_value());
  EXPECT_FALSE(base64UrlDecode("\xafJJ3").has_value());
  EXPECT_FALSE(base64UrlDecode(std::string_view("AA\0A", 4)).has_value());
}

}  // namespace
}  // namespace chat
