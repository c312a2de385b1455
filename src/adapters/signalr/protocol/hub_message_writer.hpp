#pragma once
// Serializers for the outbound hub messages of the JSON hub protocol. Every function returns
// one complete record, trailing 0x1E included, ready to be sent as one text frame.
// Pure functions; thread-safe.
#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

namespace chat::signalr {

// `{"type":1,"target":..,"arguments":[..]}` + 0x1E: a server push (no invocation id).
std::string serializeInvocation(std::string_view target, const boost::json::array& arguments);

// Same as serializeInvocation, with `arguments_json` (a serialized JSON array, trusted and
// not re-parsed) spliced in as is. One allocation: meant for fan-out, where a message is
// serialized once and the bytes are shared by all recipients.
std::string serializeInvocationRaw(std::string_view target, std::string_view arguments_json);

// `{"type":3,"invocationId":..,"result":..}` + 0x1E.
std::string serializeCompletionResult(std::string_view invocation_id,
                                      const boost::json::value& result);

// Same, with `result_json` (serialized JSON, trusted and not re-parsed) spliced in as is.
std::string serializeCompletionResultRaw(std::string_view invocation_id,
                                         std::string_view result_json);

// `{"type":3,"invocationId":..,"result":null}` + 0x1E, as ASP.NET answers void methods.
std::string serializeCompletionVoid(std::string_view invocation_id);

// `{"type":3,"invocationId":..,"error":..}` + 0x1E. Clients read an empty error as success,
// so an empty `error` is replaced by a generic text.
std::string serializeCompletionError(std::string_view invocation_id, std::string_view error);

// `{"type":6}` + 0x1E, static storage.
std::string_view pingRecord();

// `{"type":7}` + 0x1E, with `"error"` only when given and `"allowReconnect":true` only when
// set.
std::string serializeClose(std::optional<std::string_view> error, bool allow_reconnect);

}  // namespace chat::signalr
