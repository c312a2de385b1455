#include "adapters/http/request_forwarding.hpp"

#include <gtest/gtest.h>

namespace chat::http {
namespace {

TEST(ForwardTarget, ReadsANodeUrl) {
  EXPECT_EQ(ForwardTarget::fromNodeUrl("http://10.0.0.11:5000"),
            (ForwardTarget{"10.0.0.11", "5000"}));
  EXPECT_EQ(ForwardTarget::fromNodeUrl("http://web-1.internal:8080/"),
            (ForwardTarget{"web-1.internal", "8080"}));
  EXPECT_EQ(ForwardTarget::fromNodeUrl("HTTP://web-1"), (ForwardTarget{"web-1", "80"}));
  EXPECT_EQ(ForwardTarget::fromNodeUrl("http://[2001:db8::1]:5000"),
            (ForwardTarget{"2001:db8::1", "5000"}));
}

TEST(ForwardTarget, RefusesWhatIsNoPlainNodeUrl) {
  for (std::string_view url :
       {"", "10.0.0.11:5000", "https://10.0.0.11:5000", "http://", "http://:5000",
        "http://10.0.0.11:5000/chat", "http://10.0.0.11:5000?x=1", "http://10.0.0.11:5000#x",
        "http://user@10.0.0.11:5000", "http://10.0.0.11:", "http://10.0.0.11:0",
        "http://10.0.0.11:99999", "ws://10.0.0.11:5000"}) {
    EXPECT_FALSE(ForwardTarget::fromNodeUrl(url)) << url;
  }
}

TEST(ForwardTarget, DescribesItselfAsHostAndPort) {
  EXPECT_EQ((ForwardTarget{"10.0.0.11", "5000"}).describe(), "10.0.0.11:5000");
  EXPECT_EQ((ForwardTarget{"2001:db8::1", "5000"}).describe(), "[2001:db8::1]:5000");
}

}  // namespace
}  // namespace chat::http
