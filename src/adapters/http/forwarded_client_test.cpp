#include "adapters/http/forwarded_client.hpp"

#include <gtest/gtest.h>

namespace chat::http {
namespace {

const std::vector<std::string> kProxies{"10.0.0.2", "10.0.0.3"};

TEST(ForwardedClientTest, WithoutTrustedProxiesThePeerIsTheClient) {
  EXPECT_EQ(forwardedClient("203.0.113.9", "198.51.100.1", {}), "203.0.113.9");
}

TEST(ForwardedClientTest, AnUntrustedPeerCanNotClaimAnotherAddress) {
  EXPECT_EQ(forwardedClient("203.0.113.9", "198.51.100.1", kProxies), "203.0.113.9");
}

TEST(ForwardedClientTest, ATrustedProxyReportsTheClient) {
  EXPECT_EQ(forwardedClient("10.0.0.2", "198.51.100.1", kProxies), "198.51.100.1");
  EXPECT_EQ(forwardedClient("10.0.0.2", " 2001:db8::1 ", kProxies), "2001:db8::1");
}

TEST(ForwardedClientTest, ReadFromTheRightPastTrustedProxiesOnly) {
  // The client wrote the first entry itself; the proxies appended what they saw.
  EXPECT_EQ(forwardedClient("10.0.0.2", "1.2.3.4, 198.51.100.1, 10.0.0.3", kProxies),
            "198.51.100.1");
}

TEST(ForwardedClientTest, GarbageEndsTheChainAtWhatWasVouchedFor) {
  EXPECT_EQ(forwardedClient("10.0.0.2", "", kProxies), "10.0.0.2");
  EXPECT_EQ(forwardedClient("10.0.0.2", "not-an-address", kProxies), "10.0.0.2");
  EXPECT_EQ(forwardedClient("10.0.0.2", "junk, 10.0.0.3", kProxies), "10.0.0.3");
  EXPECT_EQ(forwardedClient("10.0.0.2", "1.2.3.4, junk, 198.51.100.1", kProxies), "198.51.100.1");
}

}  // namespace
}  // namespace chat::http
