#include "adapters/dto/message_dto.hpp"

#include <gtest/gtest.h>

#include "adapters/dto/iso_time.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace chat {
namespace {

TEST(IsoTime, FormatsUtcWithMillisecondsAndZ) {
  // 2019-12-03T10:15:30.123Z
  const Timestamp time{std::chrono::milliseconds(1575368130123)};
  EXPECT_EQ(formatIsoTime(time), "2019-12-03T10:15:30.123Z");
  EXPECT_EQ(formatIsoTime(Timestamp{}), "1970-01-01T00:00:00.000Z");
}

TEST(IsoTime, FormatsDatesAcrossLeapDaysAndYearEnds) {
  using std::chrono::milliseconds;
  EXPECT_EQ(formatIsoTime(Timestamp{milliseconds(951782400000)}), "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(formatIsoTime(Timestamp{milliseconds(1798761599999)}), "2026-12-31T23:59:59.999Z");
  EXPECT_EQ(formatIsoTime(Timestamp{milliseconds(1798761600000)}), "2027-01-01T00:00:00.000Z");
  EXPECT_EQ(formatIsoTime(Timestamp{milliseconds(253402300799999)}), "9999-12-31T23:59:59.999Z");
  EXPECT_EQ(formatIsoTime(Timestamp{milliseconds(1575368130123)}).size(), kIsoTimeSize);
}

TEST(IsoTime, WritesTimesBefore1970) {
  EXPECT_EQ(formatIsoTime(Timestamp{std::chrono::milliseconds(-1)}), "1969-12-31T23:59:59.999Z");
}

TEST(MessageDto, SerializedTextMatchesTheJsonValue) {
  const std::string awkward = std::string("quote\" \\ \n tab\t \x01 \xC3\xA9 </script>");
  const Message messages[] = {
      {1, 2, 3, 4, "bob", "plain", Timestamp{std::chrono::milliseconds(1575368130123)},
       std::nullopt, std::nullopt, 0},
      {9007199254740993, 42, 1234567890123, 77, awkward, awkward,
       Timestamp{std::chrono::milliseconds(1798761599999)}, std::nullopt, std::nullopt, 0},
      {7, 3, 2, 5, "", "", Timestamp{}, std::nullopt, std::nullopt, 0},
  };
  for (const Message& message : messages) {
    EXPECT_EQ(messageDtoJson(message), boost::json::serialize(messageDto(message)));
  }
}

TEST(MessageDto, HasTheOriginalFieldsPlusIdAndSeq) {
  Message message{7,
                  3,
                  2,
                  5,
                  "alice",
                  "hi \"there\"",
                  Timestamp{std::chrono::milliseconds(0)},
                  std::nullopt,
                  std::nullopt,
                  0};
  EXPECT_EQ(messageDtoJson(message),
            R"({"messageId":7,"groupId":3,"seq":2,"playerId":5,"playerName":"alice",)"
            R"("message":"hi \"there\"","sentOn":"1970-01-01T00:00:00.000Z"})");
}

TEST(MessageDto, ReadsBackWhatItWrites) {
  const Message messages[] = {
      {1, 2, 3, 4, "bob", "plain", Timestamp{std::chrono::milliseconds(1575368130123)},
       std::nullopt, std::nullopt, 0},
      {9007199254740993, 42, 1234567890123, 77, "\xC3\xA9 \"q\"", "line\nbreak",
       Timestamp{std::chrono::milliseconds(253402300799999)}, std::nullopt, std::nullopt, 0},
      {7, 3, 2, 5, "", "", Timestamp{}, std::nullopt, std::nullopt, 0},
  };
  for (const Message& message : messages) {
    auto read = messageFromDto(boost::json::parse(messageDtoJson(message)));
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(messageDtoJson(*read), messageDtoJson(message));
  }
}

TEST(MessageDto, CarriesAChangeOnlyOnceMade) {
  Message message{7,
                  3,
                  2,
                  5,
                  "alice",
                  "hi",
                  Timestamp{std::chrono::milliseconds(0)},
                  std::nullopt,
                  std::nullopt,
                  0};
  message.edited_on = Timestamp{std::chrono::milliseconds(1000)};
  message.change_seq = 4;
  EXPECT_EQ(messageDtoJson(message),
            R"({"messageId":7,"groupId":3,"seq":2,"playerId":5,"playerName":"alice",)"
            R"("message":"hi","sentOn":"1970-01-01T00:00:00.000Z",)"
            R"("editedOn":"1970-01-01T00:00:01.000Z","changeSeq":4})");
  EXPECT_EQ(messageDtoJson(message), boost::json::serialize(messageDto(message)));
  message.text.clear();
  message.deleted_on = Timestamp{std::chrono::milliseconds(2000)};
  message.change_seq = 6;
  EXPECT_EQ(messageDtoJson(message), boost::json::serialize(messageDto(message)));
  auto read = messageFromDto(boost::json::parse(messageDtoJson(message)));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->edited_on, message.edited_on);
  EXPECT_EQ(read->deleted_on, message.deleted_on);
  EXPECT_EQ(read->change_seq, 6);

  auto dto = messageDto(message);
  dto.as_object()["editedOn"] = "yesterday";
  EXPECT_FALSE(messageFromDto(dto).has_value()) << "a change's field is read or refused";
}

TEST(MessageDto, RefusesWhatItDidNotWrite) {
  Message message{7,
                  3,
                  2,
                  5,
                  "alice",
                  "hi",
                  Timestamp{std::chrono::milliseconds(0)},
                  std::nullopt,
                  std::nullopt,
                  0};
  auto dto = messageDto(message);
  EXPECT_FALSE(messageFromDto(boost::json::value(5)).has_value());
  for (const char* field :
       {"messageId", "groupId", "seq", "playerId", "playerName", "message", "sentOn"}) {
    auto missing = dto;
    missing.as_object().erase(field);
    EXPECT_FALSE(messageFromDto(missing).has_value()) << field;
    auto wrong = dto;
    wrong.as_object()[field] = boost::json::array{};
    EXPECT_FALSE(messageFromDto(wrong).has_value()) << field;
  }
}

TEST(IsoTime, ReadsBackOnlyItsOwnForm) {
  for (std::int64_t ms : {0LL, 1575368130123LL, 253402300799999LL, 951782400000LL}) {
    const Timestamp time{std::chrono::milliseconds(ms)};
    EXPECT_EQ(parseIsoTime(formatIsoTime(time)), time) << ms;
  }
  for (const char* bad :
       {"", "2026-11-28T10:15:30Z", "2026-11-28T10:15:30.123", "2026-13-01T00:00:00.000Z",
        "2026-02-30T00:00:00.000Z", "2026-11-28T24:00:00.000Z", "2026-11-28 10:15:30.123Z",
        "2026-1a-28T10:15:30.123Z"}) {
    EXPECT_FALSE(parseIsoTime(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace chat
