#include "adapters/signalr/hub_request_forwarding.hpp"

#include <gtest/gtest.h>

namespace chat::signalr {
namespace {

using namespace std::chrono_literals;

const std::string kKey(32, 'k');
const std::string kNodeA = "http://10.0.0.11:5000";
const std::string kNodeB = "http://10.0.0.12:5000";

class HubRequestForwardingTest : public ::testing::Test {
 protected:
  // A token issued on node A, as node B reads it.
  std::string tokenOfA() const { return node_a_.issue({"conn", 7}, NegotiateTokens::Clock::now()); }

  static http::Request request(http::Verb verb, const std::string& target) {
    return http::Request{verb, target, 11};
  }

  NegotiateTokens node_a_{kKey, 15s, {}, kNodeA};
  NegotiateTokens node_b_{kKey, 15s, {}, kNodeB};
  HubRequestForwarding at_b_{node_b_, kNodeB};
};

TEST_F(HubRequestForwardingTest, PassesEveryTransportRequestForAnotherNodesConnectionOn) {
  const std::string token = tokenOfA();
  const http::ForwardTarget a{"10.0.0.11", "5000"};
  for (const http::Verb verb : {http::Verb::get, http::Verb::post, http::Verb::delete_}) {
    EXPECT_EQ(at_b_.forwardTarget(request(verb, "/MessageHub?id=" + token)), a);
  }
  EXPECT_EQ(at_b_.forwardTarget(request(http::Verb::get, "/messagehub?ID=" + token + "&_=1")), a);
  EXPECT_EQ(
      at_b_.forwardTarget(request(http::Verb::get, "/MessageHub?access_token=jwt&id=" + token)), a);
}

TEST_F(HubRequestForwardingTest, ServesItsOwnConnectionsHere) {
  const std::string token = node_b_.issue({"conn", 7}, NegotiateTokens::Clock::now());
  EXPECT_FALSE(at_b_.forwardTarget(request(http::Verb::get, "/MessageHub?id=" + token)));
}

TEST_F(HubRequestForwardingTest, ServesEverythingElseHere) {
  const std::string token = tokenOfA();
  for (const std::string& target :
       {"/MessageHub/negotiate?id=" + token, "/MessageHubs?id=" + token, "/api/Groups?id=" + token,
        std::string("/MessageHub"), std::string("/MessageHub?id="),
        std::string("/MessageHub?id=forged.1.2.3.mac"), "/MessageHub?id=" + token + "x"}) {
    EXPECT_FALSE(at_b_.forwardTarget(request(http::Verb::get, target))) << target;
  }
}

TEST_F(HubRequestForwardingTest, ATokenOfANodeWithoutAUrlStaysHere) {
  const NegotiateTokens single(kKey, 15s);
  const std::string token = single.issue({"conn", 7}, NegotiateTokens::Clock::now());
  EXPECT_FALSE(at_b_.forwardTarget(request(http::Verb::get, "/MessageHub?id=" + token)));
}

TEST_F(HubRequestForwardingTest, ANodeWithoutAUrlPassesNothingOn) {
  const HubRequestForwarding single(node_b_, "");
  EXPECT_FALSE(single.forwardTarget(request(http::Verb::get, "/MessageHub?id=" + tokenOfA())));
}

}  // namespace
}  // namespace chat::signalr
