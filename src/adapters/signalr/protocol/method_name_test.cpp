#include "adapters/signalr/protocol/method_name.hpp"

#include <gtest/gtest.h>

namespace chat::signalr {
namespace {

TEST(EqualsIgnoreCase, IgnoresAsciiCase) {
  EXPECT_TRUE(equalsIgnoreCase("SendMessage", "sendmessage"));
  EXPECT_TRUE(equalsIgnoreCase("JSON", "json"));
  EXPECT_TRUE(equalsIgnoreCase("", ""));
  EXPECT_TRUE(equalsIgnoreCase("a1_Z", "A1_z"));
}

TEST(EqualsIgnoreCase, RejectsDifferentNames) {
  EXPECT_FALSE(equalsIgnoreCase("Send", "Sends"));
  EXPECT_FALSE(equalsIgnoreCase("Send", "Sand"));
  EXPECT_FALSE(equalsIgnoreCase("json", ""));
  // '@' (0x40) and '`' (0x60) differ by 32 like letters do, but are not letters.
  EXPECT_FALSE(equalsIgnoreCase("@", "`"));
  EXPECT_FALSE(equalsIgnoreCase("[", "{"));
}

TEST(EqualsIgnoreCase, ComparesNonAsciiBytesExactly) {
  EXPECT_TRUE(equalsIgnoreCase("Caf\xC3\xA9", "caf\xC3\xA9"));
  EXPECT_FALSE(equalsIgnoreCase("caf\xC3\xA9", "CAF\xC3\x89"));  // é vs É: not ASCII
}

}  // namespace
}  // namespace chat::signalr
