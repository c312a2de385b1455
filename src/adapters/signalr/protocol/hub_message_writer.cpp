#include "adapters/signalr/protocol/hub_message_writer.hpp"

#include <cassert>

#include "adapters/dto/json_string.hpp"
#include "adapters/signalr/protocol/record_separator.hpp"

namespace chat::signalr {
namespace {

constexpr std::string_view kGenericError = "An unexpected error occurred on the server.";

constexpr std::string_view kCompletionHead = "{\"type\":3,\"invocationId\":";

// `{"type":3,"invocationId":<id>,"result":<result_json>}` + 0x1E, sized exactly.
std::string completionWithResult(std::string_view invocation_id, std::string_view result_json) {
  constexpr std::string_view kResult = ",\"result\":";
  std::string out;
  out.reserve(kCompletionHead.size() + jsonStringSize(invocation_id) + kResult.size() +
              result_json.size() + 2);
  out += kCompletionHead;
  appendJsonString(out, invocation_id);
  out += kResult;
  out += result_json;
  out += '}';
  out += kRecordSeparator;
  return out;
}

}  // namespace

std::string serializeInvocation(std::string_view target, const boost::json::array& arguments) {
  return serializeInvocationRaw(target, boost::json::serialize(arguments));
}

std::string serializeInvocationRaw(std::string_view target, std::string_view arguments_json) {
  constexpr std::string_view kHead = "{\"type\":1,\"target\":";
  constexpr std::string_view kArguments = ",\"arguments\":";
  const std::size_t size =
      kHead.size() + jsonStringSize(target) + kArguments.size() + arguments_json.size() + 2;
  std::string out;
  out.reserve(size);
  out += kHead;
  appendJsonString(out, target);
  out += kArguments;
  out += arguments_json;
  out += '}';
  out += kRecordSeparator;
  assert(out.size() == size);  // a wrong estimate would mean a second allocation
  return out;
}

std::string serializeCompletionResult(std::string_view invocation_id,
                                      const boost::json::value& result) {
  return completionWithResult(invocation_id, boost::json::serialize(result));
}

std::string serializeCompletionResultRaw(std::string_view invocation_id,
                                         std::string_view result_json) {
  return completionWithResult(invocation_id, result_json);
}

std::string serializeCompletionVoid(std::string_view invocation_id) {
  return completionWithResult(invocation_id, "null");
}

std::string serializeCompletionError(std::string_view invocation_id, std::string_view error) {
  constexpr std::string_view kError = ",\"error\":";
  const std::string_view text = error.empty() ? kGenericError : error;
  std::string out;
  out.reserve(kCompletionHead.size() + jsonStringSize(invocation_id) + kError.size() +
              jsonStringSize(text) + 2);
  out += kCompletionHead;
  appendJsonString(out, invocation_id);
  out += kError;
  appendJsonString(out, text);
  out += '}';
  out += kRecordSeparator;
  return out;
}

std::string_view pingRecord() {
  static constexpr char kPing[] = {
      '{', '"', 't', 'y', 'p', 'e', '"', ':', '6', '}', kRecordSeparator};
  return {kPing, sizeof kPing};
}

std::string serializeClose(std::optional<std::string_view> error, bool allow_reconnect) {
  constexpr std::string_view kHead = "{\"type\":7";
  constexpr std::string_view kError = ",\"error\":";
  constexpr std::string_view kAllowReconnect = ",\"allowReconnect\":true";
  std::string out;
  out.reserve(kHead.size() + (error ? kError.size() + jsonStringSize(*error) : 0) +
              (allow_reconnect ? kAllowReconnect.size() : 0) + 2);
  out += kHead;
  if (error) {
    out += kError;
    appendJsonString(out, *error);
  }
  if (allow_reconnect) out += kAllowReconnect;
  out += '}';
  out += kRecordSeparator;
  return out;
}

}  // namespace chat::signalr
