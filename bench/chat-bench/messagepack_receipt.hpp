#pragma once
// The MessagePack counterpart of receipt_parser.hpp: reads what chat-bench needs from one
// hub record (an array, its length prefix removed) by walking its bytes once, without
// building values. Invocation [1, headers, id|nil, target, [arguments], ...]: the target,
// and for MessageReceived the first argument's `groupId`, `seq` and `message`; Completion
// [3, headers, id, kind, result]: the id, the error (kind 1) or the MessageDto result
// (kind 3); Ping [6]; Close [7, error|nil, ...]. Map keys may come in any order, and values
// the scanner does not need are skipped whatever their type (timestamps included).
// Pure function; thread-safe.
#include <string_view>

#include "receipt_parser.hpp"

namespace chat::bench {

Receipt parseMessagePackReceipt(std::string_view record);

}  // namespace chat::bench
