#pragma once
// Full-text search over the messages a user may read: those of the groups they are in.
// A query is a few words; a message matches when each word appears in it as a whole word,
// whatever the case. Results come newest first, paged by message id.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/ids.hpp"
#include "domain/result.hpp"

namespace chat {

inline constexpr std::size_t kMaxSearchQueryBytes = 256;
inline constexpr std::size_t kMaxSearchWords = 16;
inline constexpr int kDefaultSearchPageSize = 20;
inline constexpr int kMaxSearchPageSize = 100;

struct MessageSearch {
  UserId reader = 0;
  // Each holds at least one letter or digit (searchWords), so no engine sees an empty one.
  std::vector<std::string> words;
  std::optional<GroupId> group;     // only this group's messages
  std::optional<MessageId> before;  // only older messages: the next page
  int limit = kDefaultSearchPageSize;
};

// The words of a query, split at white space. Words with no letter or digit match nothing
// and are dropped. An error when the query is too long, has too many words or none.
Result<std::vector<std::string>> searchWords(std::string_view query);

// Whether a byte belongs to a word as the engines' tokenizers see it: an ASCII letter or
// digit, or any byte of a non-ASCII character.
bool isWordByte(char byte);

// Whether `text` matches every word, as the engines' tokenizers match them: a word's runs of
// word bytes appear one after another among the text's, ignoring ASCII case. The reference
// for the in-memory engine; the SQL engines use their full-text indexes.
bool matchesWords(std::string_view text, const std::vector<std::string>& words);

}  // namespace chat
