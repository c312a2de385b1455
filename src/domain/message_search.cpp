#include "domain/message_search.hpp"

#include <algorithm>

namespace chat {
namespace {

// The runs of word bytes in `text`, in ASCII lower case.
std::vector<std::string> tokens(std::string_view text) {
  std::vector<std::string> found;
  std::size_t at = 0;
  while (at < text.size()) {
    if (!isWordByte(text[at])) {
      ++at;
      continue;
    }
    std::string token;
    for (; at < text.size() && isWordByte(text[at]); ++at) {
      const char byte = text[at];
      token += byte >= 'A' && byte <= 'Z' ? static_cast<char>(byte - 'A' + 'a') : byte;
    }
    found.push_back(std::move(token));
  }
  return found;
}

}  // namespace

bool isWordByte(char byte) {
  const auto value = static_cast<unsigned char>(byte);
  return value >= 0x80 || (value >= '0' && value <= '9') || (value >= 'a' && value <= 'z') ||
         (value >= 'A' && value <= 'Z');
}

Result<std::vector<std::string>> searchWords(std::string_view query) {
  if (query.size() > kMaxSearchQueryBytes) {
    return Error::invalid("The search query may be at most " +
                          std::to_string(kMaxSearchQueryBytes) + " bytes long");
  }
  std::vector<std::string> words;
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  std::size_t at = query.find_first_not_of(kSpace);
  while (at != std::string_view::npos) {
    const std::size_t end = std::min(query.find_first_of(kSpace, at), query.size());
    const std::string_view word = query.substr(at, end - at);
    if (std::any_of(word.begin(), word.end(), isWordByte)) {
      if (words.size() == kMaxSearchWords) {
        return Error::invalid("The search query may have at most " +
                              std::to_string(kMaxSearchWords) + " words");
      }
      words.emplace_back(word);
    }
    at = query.find_first_not_of(kSpace, end);
  }
  if (words.empty()) return Error::invalid("The search query needs a word to look for");
  return words;
}

bool matchesWords(std::string_view text, const std::vector<std::string>& words) {
  const std::vector<std::string> in_text = tokens(text);
  return std::all_of(words.begin(), words.end(), [&](const std::string& word) {
    const std::vector<std::string> wanted = tokens(word);
    return !wanted.empty() && std::search(in_text.begin(), in_text.end(), wanted.begin(),
                                          wanted.end()) != in_text.end();
  });
}

}  // namespace chat
