#include "adapters/signalr/protocol/json_hub_protocol.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "adapters/dto/message_dto.hpp"

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

TEST(JsonHubProtocol, WritesACompletionWithAnArrayOfMessages) {
  Message first;
  first.id = 4;
  first.group_id = 2;
  first.seq = 1;
  first.sender_id = 3;
  first.sender_name = "zo\u00eb";
  first.text = "hi";
  Message second = first;
  second.id = 5;
  second.text = "there";
  const Message messages[] = {first, second};
  const std::string record = jsonHubProtocol().completionWithMessages("7", messages);
  ASSERT_EQ(record.back(), '\x1e');
  const auto written = boost::json::parse(record.substr(0, record.size() - 1));
  boost::json::array expected{messageDto(first), messageDto(second)};
  EXPECT_EQ(written,
            boost::json::value({{"type", 3}, {"invocationId", "7"}, {"result", expected}}));
  const std::string empty = jsonHubProtocol().completionWithMessages("8", {});
  EXPECT_EQ(boost::json::parse(empty.substr(0, empty.size() - 1)),
            boost::json::parse(R"({"type":3,"invocationId":"8","result":[]})"));
}

}  // namespace
}  // namespace chat::signalr
