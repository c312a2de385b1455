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

}  // namespace
}  // namespace chat
