#pragma once
// A Redis reply as our own value (RESP2: status, error, integer, bulk string, nil, array),
// and ReplyReader, which cuts a byte stream into replies with hiredis's parser. Only
// parsing is borrowed from hiredis; the sockets are Asio's.
//
// Thread affinity: none; a ReplyReader is used by one thread at a time.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

struct redisReader;

namespace chat::redis {

struct Reply {
  enum class Kind { kStatus, kError, kInteger, kString, kNil, kArray };

  Kind kind = Kind::kNil;
  std::string text;             // kStatus, kError, kString (binary-safe)
  std::int64_t integer = 0;     // kInteger
  std::vector<Reply> elements;  // kArray

  static Reply status(std::string text) { return {Kind::kStatus, std::move(text), 0, {}}; }
  static Reply error(std::string text) { return {Kind::kError, std::move(text), 0, {}}; }
  static Reply number(std::int64_t value) { return {Kind::kInteger, {}, value, {}}; }
  static Reply bulk(std::string bytes) { return {Kind::kString, std::move(bytes), 0, {}}; }
  static Reply nil() { return {}; }
  static Reply array(std::vector<Reply> elements) {
    return {Kind::kArray, {}, 0, std::move(elements)};
  }

  bool isError() const { return kind == Kind::kError; }
  bool operator==(const Reply&) const = default;
};

// For test failures and logs: `"OK"`, `(error) ERR ...`, `(integer) 3`, `[a, b]`, ...
std::string describe(const Reply& reply);

class ReplyReader {
 public:
  ReplyReader();
  ~ReplyReader();
  ReplyReader(const ReplyReader&) = delete;
  ReplyReader& operator=(const ReplyReader&) = delete;

  // Bytes as they came off the socket; a reply may be split anywhere.
  void feed(std::string_view bytes);
  // The next whole reply, none until more bytes arrive, or Error::unavailable when the
  // stream is not RESP (the reader is then broken for good: drop the connection).
  Result<std::optional<Reply>> next();

 private:
  redisReader* reader_;
};

}  // namespace chat::redis
