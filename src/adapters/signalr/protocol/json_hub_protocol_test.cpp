#include "adapters/signalr/protocol/json_hub_protocol.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace chat::signalr {
namespace {

TEST(JsonHubProtocol, WritesAnEventPushWithItsOneArgument) {
  const auto argument = boost::json::parse(R"({"groupId":3,"playerName":"zo\u00eb"})");
  const std::string record = jsonHubProtocol().eventInvocation("UserTyping", argument);
  ASSERT_EQ(record.back(), '\x1e');
  const auto written = boost::json::parse(record.substr(0, record.size() - 1));
  EXPECT_EQ(written, boost::json::parse(R"({"type":1,"target":"UserTyping","arguments":[)"
                                        R"({"groupId":3,"playerName":"zo\u00eb"}]})"));
}

}  // namespace
}  // namespace chat::signalr
