#include "domain/message_search.hpp"

#include <gtest/gtest.h>

namespace chat {
namespace {

using Words = std::vector<std::string>;

TEST(SearchWords, SplitsAtWhiteSpace) {
  auto words = searchWords("  deploy\tFriday\nnight ");
  ASSERT_TRUE(words.ok());
  EXPECT_EQ(*words, (Words{"deploy", "Friday", "night"}));
}

TEST(SearchWords, KeepsPunctuationInsideAWordForTheTokenizer) {
  auto words = searchWords("don't \"quoted\" café");
  ASSERT_TRUE(words.ok());
  EXPECT_EQ(*words, (Words{"don't", "\"quoted\"", "café"}));
}

TEST(SearchWords, DropsWordsWithoutLettersOrDigits) {
  auto words = searchWords("-- deploy ?! ...");
  ASSERT_TRUE(words.ok());
  EXPECT_EQ(*words, (Words{"deploy"}));
}

TEST(SearchWords, RefusesAQueryWithNoWord) {
  for (const char* query : {"", "   ", "?! --"}) {
    auto words = searchWords(query);
    ASSERT_FALSE(words.ok()) << query;
    EXPECT_EQ(words.error().kind, ErrorKind::kInvalid);
  }
}

TEST(SearchWords, RefusesTooLongAQuery) {
  EXPECT_TRUE(searchWords(std::string(kMaxSearchQueryBytes, 'a')).ok());
  auto words = searchWords(std::string(kMaxSearchQueryBytes + 1, 'a'));
  ASSERT_FALSE(words.ok());
  EXPECT_EQ(words.error().kind, ErrorKind::kInvalid);
}

TEST(SearchWords, RefusesTooManyWords) {
  std::string query;
  for (std::size_t i = 0; i < kMaxSearchWords; ++i) query += "w ";
  EXPECT_TRUE(searchWords(query).ok());
  auto words = searchWords(query + "w");
  ASSERT_FALSE(words.ok());
  EXPECT_EQ(words.error().kind, ErrorKind::kInvalid);
}

TEST(MatchesWords, NeedsEveryWordWhole) {
  EXPECT_TRUE(matchesWords("We deploy on Friday", {"deploy", "friday"}));
  EXPECT_FALSE(matchesWords("We deploy on Monday", {"deploy", "friday"}));
  EXPECT_FALSE(matchesWords("deployment tonight", {"deploy"}));
  EXPECT_FALSE(matchesWords("", {"deploy"}));
}

TEST(MatchesWords, IgnoresCaseAndPunctuationAroundWords) {
  EXPECT_TRUE(matchesWords("DEPLOY, then (friday)!", {"Deploy", "\"friday\""}));
}

TEST(MatchesWords, MatchesTheRunsOfAWordInOrder) {
  EXPECT_TRUE(matchesWords("I don't know", {"don't"}));
  EXPECT_FALSE(matchesWords("t don", {"don't"}));
  EXPECT_TRUE(matchesWords("un café noir", {"café"}));
}

}  // namespace
}  // namespace chat
