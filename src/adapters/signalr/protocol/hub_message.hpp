#pragma once
// The inbound hub messages of the SignalR hub protocol (types 1-9) as plain values.
// Value types; no shared state.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <boost/json.hpp>

namespace chat::signalr {

// Type 1. Without an invocation id the caller expects no Completion (JS `send`).
struct Invocation {
  std::optional<std::string> invocation_id;  // never empty when present
  std::string target;
  boost::json::array arguments;
  std::vector<std::string> stream_ids;  // client upload streams
};

// Type 2.
struct StreamItem {
  std::string invocation_id;
  boost::json::value item;
};

// Type 3. `result` and `error` are never both set.
struct Completion {
  std::string invocation_id;
  std::optional<boost::json::value> result;  // present `null` is kept as a null value
  std::optional<std::string> error;
};

// Type 4.
struct StreamInvocation {
  std::string invocation_id;
  std::string target;
  boost::json::array arguments;
  std::vector<std::string> stream_ids;
};

// Type 5.
struct CancelInvocation {
  std::string invocation_id;
};

// Type 6.
struct Ping {};

// Type 7.
struct Close {
  std::optional<std::string> error;
  bool allow_reconnect = false;
};

// Type 8 (stateful reconnect).
struct Ack {
  std::int64_t sequence_id = 0;
};

// Type 9 (stateful reconnect).
struct Sequence {
  std::int64_t sequence_id = 0;
};

// Any other type number: to be ignored, for forward compatibility.
struct UnknownMessage {
  std::int64_t type = 0;
};

using HubMessage = std::variant<Invocation, StreamItem, Completion, StreamInvocation,
                                CancelInvocation, Ping, Close, Ack, Sequence, UnknownMessage>;

}  // namespace chat::signalr
