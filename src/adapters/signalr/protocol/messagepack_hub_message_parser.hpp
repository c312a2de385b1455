#pragma once
// Parses one inbound record of the MessagePack hub protocol into a HubMessage.
// Pure function; thread-safe.
#include <string_view>

#include "adapters/signalr/protocol/hub_message.hpp"
#include "domain/result.hpp"

namespace chat::signalr {

// `record` is one MessagePack array without its length prefix, laid out as ASP.NET reads
// it: `[1, Headers, InvocationId|nil, Target, [Arguments], [StreamIds]?]`, and so on for
// types 2-9. Longer arrays than a type needs are accepted (forward compatibility), and so
// are the JavaScript client's shorter forms (an Invocation without StreamIds, Close as
// `[7, nil]`). Headers must be a map of non-empty strings. Arguments, items and results
// become JSON values: maps need string keys; bin, ext (timestamps included), NaN and
// infinite floats and strings that are not UTF-8 are refused, as JSON has no form for
// them and the hub passes values on to JSON clients. Unknown type numbers give
// UnknownMessage. Malformed messages give Error::invalid with ASP.NET's text, e.g.
// "Reading 'target' as String failed." or "Null or empty target for Invocation message.".
Result<HubMessage> parseMessagePackHubMessage(std::string_view record);

}  // namespace chat::signalr
