#include "receipt_parser.hpp"

#include <charconv>
#include <optional>

namespace chat::bench {

namespace {

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Position just after `"key":` and any whitespace, or npos.
std::size_t valueOf(std::string_view record, std::string_view quoted_key) {
  std::size_t pos = 0;
  for (;;) {
    pos = record.find(quoted_key, pos);
    if (pos == std::string_view::npos) return pos;
    std::size_t after = pos + quoted_key.size();
    while (after < record.size() && isSpace(record[after])) ++after;
    if (after < record.size() && record[after] == ':') {
      ++after;
      while (after < record.size() && isSpace(record[after])) ++after;
      return after;
    }
    pos = after;  // a string value equal to the key name, not a key
  }
}

std::optional<std::int64_t> integerField(std::string_view record, std::string_view quoted_key) {
  const std::size_t pos = valueOf(record, quoted_key);
  if (pos == std::string_view::npos) return std::nullopt;
  std::int64_t value = 0;
  const char* begin = record.data() + pos;
  auto [end, ec] = std::from_chars(begin, record.data() + record.size(), value);
  if (ec != std::errc() || end == begin) return std::nullopt;
  return value;
}

// The raw contents of a string field, or nullopt when absent or not a string.
std::optional<std::string_view> stringField(std::string_view record, std::string_view quoted_key) {
  std::size_t pos = valueOf(record, quoted_key);
  if (pos == std::string_view::npos || pos >= record.size() || record[pos] != '"') {
    return std::nullopt;
  }
  const std::size_t begin = ++pos;
  for (; pos < record.size(); ++pos) {
    if (record[pos] == '\\') {
      ++pos;  // skip the escaped character
    } else if (record[pos] == '"') {
      return record.substr(begin, pos - begin);
    }
  }
  return std::nullopt;
}

void readMessageDto(std::string_view record, Receipt& receipt) {
  receipt.group_id = integerField(record, "\"groupId\"").value_or(-1);
  receipt.seq = integerField(record, "\"seq\"").value_or(-1);
  if (auto message = stringField(record, "\"message\"")) {
    receipt.message = *message;
    receipt.has_message = true;
  }
}

void readError(std::string_view record, Receipt& receipt) {
  if (auto error = stringField(record, "\"error\"")) {
    receipt.error = *error;
    receipt.has_error = true;
  }
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && isSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && isSpace(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

Receipt parseReceipt(std::string_view record) {
  Receipt receipt;
  record = trim(record);
  if (record.size() < 2 || record.front() != '{' || record.back() != '}') return receipt;
  const auto type = integerField(record, "\"type\"");
  if (!type) {
    if (trim(record.substr(1, record.size() - 2)).empty()) {
      receipt.kind = RecordKind::kHandshakeOk;
      return receipt;
    }
    readError(record, receipt);
    receipt.kind = receipt.has_error ? RecordKind::kHandshakeError : RecordKind::kMalformed;
    return receipt;
  }
  switch (*type) {
    case 1: {
      const auto target = stringField(record, "\"target\"");
      if (!target) return receipt;
      if (*target == "MessageReceived") {
        receipt.kind = RecordKind::kMessageReceived;
        readMessageDto(record, receipt);
      } else {
        receipt.kind = RecordKind::kInvocation;
      }
      return receipt;
    }
    case 3: {
      const auto id = stringField(record, "\"invocationId\"");
      if (!id) return receipt;
      receipt.kind = RecordKind::kCompletion;
      std::uint64_t number = 0;
      auto [end, ec] = std::from_chars(id->data(), id->data() + id->size(), number);
      if (ec == std::errc() && end == id->data() + id->size()) receipt.invocation_id = number;
      readError(record, receipt);
      if (!receipt.has_error) readMessageDto(record, receipt);
      return receipt;
    }
    case 6:
      receipt.kind = RecordKind::kPing;
      return receipt;
    case 7:
      receipt.kind = RecordKind::kClose;
      readError(record, receipt);
      return receipt;
    default:
      receipt.kind = RecordKind::kOther;
      return receipt;
  }
}

}  // namespace chat::bench
