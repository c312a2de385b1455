#include "adapters/storage/postgres/postgres_params.hpp"

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "adapters/storage/postgres/postgres_test_fixture.hpp"

namespace chat::postgres {
namespace {

TEST(PostgresParams, BigintArrays) {
  const std::array<std::int64_t, 3> values{1, -2, 9007199254740993};
  EXPECT_EQ(bigintArray(values), "{1,-2,9007199254740993}");
  EXPECT_EQ(bigintArray({}), "{}");
}

TEST(PostgresParams, TextArraysQuoteEveryElement) {
  TextArray array;
  array.add("a,b");
  array.add("say \"hi\"");
  array.add("back\\slash");
  array.addNull();
  array.add("NULL");
  array.add("");
  EXPECT_EQ(std::move(array).finish(), R"({"a,b","say \"hi\"","back\\slash",NULL,"NULL",""})");
  EXPECT_EQ(TextArray().finish(), "{}");
}

TEST(PostgresParams, TextWithANulCharacterIsNotSendable) {
  Params params;
  params.add(std::int64_t{1}).add("fine");
  EXPECT_TRUE(params.sendable());
  params.add(std::string_view("bad\0text", 8));
  EXPECT_FALSE(params.sendable());
}

class PostgresArrayRoundTrip : public testing::PostgresTest {};

// What the server reads from a text array is exactly what went in.
TEST_F(PostgresArrayRoundTrip, TextArraysArriveUnchanged) {
  const std::vector<std::optional<std::string>> texts{"plain",
                                                      "{braces}",
                                                      "comma, and space ",
                                                      " leading",
                                                      "quote \" and \\ backslash",
                                                      std::nullopt,
                                                      "NULL",
                                                      "",
                                                      "h\xC3\xA9llo \xF0\x9F\x98\x80",
                                                      "new\nline\ttab"};
  TextArray array;
  for (const auto& text : texts) array.add(text);
  auto rows = schema().query(
      "SELECT t, t IS NULL FROM unnest($1::text[]) WITH ORDINALITY AS a (t, i) ORDER BY i",
      Params().add(std::move(array).finish()));
  ASSERT_TRUE(rows.ok()) << rows.error().detail;
  ASSERT_EQ(rows->rows(), static_cast<int>(texts.size()));
  for (int row = 0; row < rows->rows(); ++row) {
    const auto& expected = texts[static_cast<std::size_t>(row)];
    EXPECT_EQ(rows->boolean(row, 1), !expected.has_value()) << row;
    if (expected) {
      EXPECT_EQ(rows->string(row, 0), *expected) << row;
    }
  }
}

}  // namespace
}  // namespace chat::postgres
