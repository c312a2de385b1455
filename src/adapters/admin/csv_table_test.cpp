#include "adapters/admin/csv_table.hpp"

#include <gtest/gtest.h>

namespace chat::admin {
namespace {

TEST(CsvTable, ReadsQuotedFieldsWithCommasQuotesAndLineBreaks) {
  auto table = parseCsv(
      "\xEF\xBB\xBFId,Message\r\n"
      "1,plain\r\n"
      "2,\"a, b\"\r\n"
      "3,\"she said \"\"hi\"\"\"\r\n"
      "4,\"two\nlines\"\r\n"
      "5,\r\n"
      "\r\n");
  ASSERT_TRUE(table.ok()) << table.error().message;
  ASSERT_EQ(table->columns, (std::vector<std::string>{"Id", "Message"}));
  ASSERT_EQ(table->rows.size(), 5u);
  EXPECT_EQ(table->rows[1][1], "a, b");
  EXPECT_EQ(table->rows[2][1], "she said \"hi\"");
  EXPECT_EQ(table->rows[3][1], "two\nlines");
  EXPECT_EQ(table->rows[4][1], "");
}

TEST(CsvTable, TheLastRowNeedsNoLineEnd) {
  auto table = parseCsv("a,b\n1,2");
  ASSERT_TRUE(table.ok());
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->rows[0][1], "2");
}

TEST(CsvTable, RefusesAnUnclosedQuoteAndRowsOfTheWrongWidth) {
  auto unclosed = parseCsv("a,b\n1,2\n3,\"never closed\n");
  ASSERT_FALSE(unclosed.ok());
  EXPECT_EQ(unclosed.error().message, "the quoted field that starts on line 3 is never closed");
  auto narrow = parseCsv("a,b\n1,2\n3\n");
  ASSERT_FALSE(narrow.ok());
  EXPECT_EQ(narrow.error().message, "row 2 has 1 fields; the header has 2");
  EXPECT_FALSE(parseCsv("").ok());
}

}  // namespace
}  // namespace chat::admin
