#pragma once
// Reads one MessagePack value, the array a hub message is, into JSON values, which is how
// the hub sees arguments and results whatever the protocol. Bounded for hostile input:
// nesting deeper than kMaxMessagePackDepth is refused, and nothing is allocated from a
// declared length (a 5-byte array header may claim 4 billion elements); only values that
// are present take memory, so a record of n bytes costs O(n).
// Pure function; thread-safe.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "domain/result.hpp"

namespace chat::signalr {

// The message array counts as one level, as the JSON parser counts its root object.
inline constexpr std::size_t kMaxMessagePackDepth = 32;

struct MessagePackArray {
  boost::json::array elements;
  // The first element that holds a value with no faithful JSON form: bin, ext (timestamps
  // too), a map key that is not a string, a string that is not UTF-8, a NaN or infinite
  // float. The element is kept as a placeholder, and reading it is the error, so a hub
  // message fails only when it reads that element: unknown message types and extra trailing
  // elements stay ignorable, as the reference ignores them.
  std::optional<std::size_t> unsupported_index;
  std::string unsupported;  // why, when unsupported_index is set
};

// `bytes` must hold exactly one MessagePack array. Errors (Error::invalid): the data is not
// MessagePack, ends early, has bytes after the value, is nested too deeply, or its value is
// no array.
Result<MessagePackArray> readMessagePackArray(std::string_view bytes);

}  // namespace chat::signalr
