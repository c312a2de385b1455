#pragma once
// Parses one inbound record of the JSON hub protocol into a HubMessage.
// Pure function; thread-safe.
#include <string_view>

#include "adapters/signalr/protocol/hub_message.hpp"
#include "domain/result.hpp"

namespace chat::signalr {

// `record` is one JSON object without its 0x1E. Keys may come in any order; unknown keys
// and `headers` (an object of strings) are accepted and ignored. Unknown `type` numbers give
// UnknownMessage. Malformed messages give Error::invalid with ASP.NET's text, e.g.
// "Missing required property 'target'." or "Expected 'invocationId' to be of type String.".
Result<HubMessage> parseHubMessage(std::string_view record);

}  // namespace chat::signalr
