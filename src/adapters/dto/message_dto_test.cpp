#include "adapters/dto/message_dto.hpp"

#include <gtest/gtest.h>

#include "adapters/dto/iso_time.hpp"

namespace chat {
namespace {

TEST(IsoTime, FormatsUtcWithMillisecondsAndZ) {
  // 2019-12-03T10:15:30.123Z
  const Timestamp time{std::chrono::milliseconds(1575368130123)};
  EXPECT_EQ(formatIsoTime(time), "2019-12-03T10:15:30.123Z");
  EXPECT_EQ(formatIsoTime(Timestamp{}), "1970-01-01T00:00:00.000Z");
}

TEST(MessageDto, HasTheOriginalFieldsPlusIdAndSeq) {
  Message message{7, 3, 2, 5, "alice", "hi \"there\"", Timestamp{std::chrono::milliseconds(0)}};
  EXPECT_EQ(messageDtoJson(message),
            R"({"messageId":7,"groupId":3,"seq":2,"playerId":5,"playerName":"alice",)"
            R"("message":"hi \"there\"","sentOn":"1970-01-01T00:00:00.000Z"})");
}

}  // namespace
}  // namespace chat
