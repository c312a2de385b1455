#pragma once
// A targeted scanner for the records the ChatServer hub sends to a client, fast enough to
// read hundreds of thousands of MessageReceived events per second without building a JSON DOM:
// it looks for `"type":`, `"target":`, `"invocationId":`, `"groupId":`, `"seq":`, `"message":`
// and `"error":`. A quote inside a JSON string is always escaped, so `"key":` cannot match
// inside a string value. Keys may come in any order. Pure functions; thread-safe.
#include <cstdint>
#include <string_view>

namespace chat::bench {

enum class RecordKind {
  kMessageReceived,  // type 1, target MessageReceived
  kInvocation,       // type 1, any other target
  kCompletion,       // type 3
  kPing,             // type 6
  kClose,            // type 7
  kHandshakeOk,      // `{}`
  kHandshakeError,   // `{"error":...}` without a type
  kOther,            // any other type
  kMalformed,
};

struct Receipt {
  RecordKind kind = RecordKind::kMalformed;
  // MessageReceived, and a Completion whose result is a MessageDto; -1 when absent.
  std::int64_t group_id = -1;
  std::int64_t seq = -1;
  // The `message` string as it appears in the record (JSON escapes not decoded).
  std::string_view message;
  bool has_message = false;
  // Completion: the invocation id (0 when absent or not a decimal number).
  std::uint64_t invocation_id = 0;
  // Completion, Close or handshake: the `error` text, raw.
  std::string_view error;
  bool has_error = false;
};

// `record` is one record without its 0x1E separator.
Receipt parseReceipt(std::string_view record);

}  // namespace chat::bench
