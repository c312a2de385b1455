#include "adapters/signalr/protocol/messagepack_hub_message_parser.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "adapters/signalr/protocol/messagepack_reader.hpp"

namespace chat::signalr {
namespace {

using boost::json::value;

// The elements of one message, read in order, each by its position, as ASP.NET reads them.
class Elements {
 public:
  explicit Elements(MessagePackArray& array) : array_(array) {}

  std::size_t size() const { return array_.elements.size(); }

  // The element at `index`, nullptr past the end. An element holding a value with no JSON
  // form is an error only here, once it is read.
  Result<value*> at(std::size_t index) {
    if (index >= size()) return nullptr;
    if (array_.unsupported_index == index) return Error::invalid(array_.unsupported);
    return &array_.elements[index];
  }

 private:
  MessagePackArray& array_;
};

Error readFailed(std::string_view field, std::string_view as) {
  return Error::invalid("Reading '" + std::string(field) + "' as " + std::string(as) + " failed.");
}

Result<std::int32_t> readInt32(Elements& elements, std::size_t index, std::string_view field) {
  auto element = elements.at(index);
  if (!element) return element.error();
  const value* v = *element;
  if (v == nullptr || !v->is_int64() || v->get_int64() < std::numeric_limits<std::int32_t>::min() ||
      v->get_int64() > std::numeric_limits<std::int32_t>::max()) {
    return readFailed(field, "Int32");
  }
  return static_cast<std::int32_t>(v->get_int64());
}

// A string or nil (nullopt).
Result<std::optional<std::string>> readString(Elements& elements, std::size_t index,
                                              std::string_view field) {
  auto element = elements.at(index);
  if (!element) return element.error();
  const value* v = *element;
  if (v == nullptr || !(v->is_string() || v->is_null())) return readFailed(field, "String");
  if (v->is_null()) return std::optional<std::string>{};
  return std::optional<std::string>{std::string(v->get_string())};
}

// Any value, which must be there.
Result<value*> readValue(Elements& elements, std::size_t index, std::string_view field) {
  auto element = elements.at(index);
  if (!element) return element.error();
  if (*element == nullptr) return Error::invalid("Reading '" + std::string(field) + "' failed.");
  return *element;
}

Result<boost::json::array*> readArray(Elements& elements, std::size_t index,
                                      std::string_view field) {
  auto element = elements.at(index);
  if (!element) return element.error();
  if (*element == nullptr || !(*element)->is_array()) {
    return Error::invalid("Reading array length for '" + std::string(field) + "' failed.");
  }
  return &(*element)->get_array();
}

// Accepted, not interpreted; checked as ASP.NET reads them.
Status checkHeaders(Elements& elements) {
  auto element = elements.at(1);
  if (!element) return element.error();
  if (*element == nullptr || !(*element)->is_object()) {
    return Error::invalid("Reading map length for 'headers' failed.");
  }
  std::size_t i = 0;
  for (const auto& header : (*element)->get_object()) {
    if (header.key().empty()) return Error::invalid("Null or empty key in header.");
    if (!header.value().is_string()) {
      return readFailed("headers[" + std::to_string(i) + "].Value", "String");
    }
    if (header.value().get_string().empty()) {
      return Error::invalid("Null or empty value in header.");
    }
    ++i;
  }
  return {};
}

// Headers, then the invocation id, which must be a non-empty string.
Result<std::string> headersAndId(Elements& elements, std::string_view message) {
  if (auto headers = checkHeaders(elements); !headers) return headers.error();
  auto id = readString(elements, 2, "invocationId");
  if (!id) return id.error();
  if (!id->has_value() || (*id)->empty()) {
    return Error::invalid("Null or empty invocation ID for " + std::string(message) + " message.");
  }
  return std::move(**id);
}

Result<std::string> readTarget(Elements& elements, std::string_view message) {
  auto target = readString(elements, 3, "target");
  if (!target) return target.error();
  if (!target->has_value() || (*target)->empty()) {
    return Error::invalid("Null or empty target for " + std::string(message) + " message.");
  }
  return std::move(**target);
}

// Element 5, which older clients leave out.
Result<std::vector<std::string>> readStreamIds(Elements& elements) {
  std::vector<std::string> ids;
  if (elements.size() <= 5) return ids;
  auto array = readArray(elements, 5, "streamIds");
  if (!array) return array.error();
  ids.reserve((*array)->size());
  for (const value& id : **array) {
    if (!id.is_string()) return readFailed("streamIds", "String");
    if (id.get_string().empty())
      return Error::invalid("Null or empty value in streamIds received.");
    ids.emplace_back(id.get_string());
  }
  return ids;
}

// Target, arguments and stream ids: elements 3 to 5 of both invocation types.
struct Call {
  std::string target;
  boost::json::array arguments;
  std::vector<std::string> stream_ids;
};

Result<Call> readCall(Elements& elements, std::string_view message) {
  auto target = readTarget(elements, message);
  if (!target) return target.error();
  auto arguments = readArray(elements, 4, "arguments");
  if (!arguments) return arguments.error();
  auto stream_ids = readStreamIds(elements);
  if (!stream_ids) return stream_ids.error();
  return Call{std::move(*target), std::move(**arguments), std::move(*stream_ids)};
}

Result<HubMessage> invocation(Elements& elements) {
  if (auto headers = checkHeaders(elements); !headers) return headers.error();
  auto id = readString(elements, 2, "invocationId");
  if (!id) return id.error();
  auto call = readCall(elements, "Invocation");
  if (!call) return call.error();
  Invocation message{std::nullopt, std::move(call->target), std::move(call->arguments),
                     std::move(call->stream_ids)};
  // An empty id means none, as ASP.NET reads it.
  if (id->has_value() && !(*id)->empty()) message.invocation_id = std::move(**id);
  return HubMessage{std::move(message)};
}

Result<HubMessage> streamInvocation(Elements& elements) {
  auto id = headersAndId(elements, "StreamInvocation");
  if (!id) return id.error();
  auto call = readCall(elements, "StreamInvocation");
  if (!call) return call.error();
  return HubMessage{StreamInvocation{std::move(*id), std::move(call->target),
                                     std::move(call->arguments), std::move(call->stream_ids)}};
}

Result<HubMessage> streamItem(Elements& elements) {
  auto id = headersAndId(elements, "StreamItem");
  if (!id) return id.error();
  auto item = readValue(elements, 3, "item");
  if (!item) return item.error();
  return HubMessage{StreamItem{std::move(*id), std::move(**item)}};
}

Result<HubMessage> completion(Elements& elements) {
  constexpr std::int32_t kError = 1, kVoid = 2, kNonVoid = 3;
  auto id = headersAndId(elements, "Completion");
  if (!id) return id.error();
  auto kind = readInt32(elements, 3, "resultKind");
  if (!kind) return kind.error();
  Completion message{std::move(*id), std::nullopt, std::nullopt};
  switch (*kind) {
    case kError: {
      // A nil error reads as no error at all (a void completion), as in ASP.NET.
      auto error = readString(elements, 4, "error");
      if (!error) return error.error();
      message.error = std::move(*error);
      break;
    }
    case kVoid:
      break;
    case kNonVoid: {
      auto result = readValue(elements, 4, "result");
      if (!result) return result.error();
      message.result = std::move(**result);
      break;
    }
    default:
      return Error::invalid("Invalid invocation result kind.");
  }
  return HubMessage{std::move(message)};
}

Result<HubMessage> cancelInvocation(Elements& elements) {
  auto id = headersAndId(elements, "CancelInvocation");
  if (!id) return id.error();
  return HubMessage{CancelInvocation{std::move(*id)}};
}

Result<HubMessage> close(Elements& elements) {
  auto error = readString(elements, 1, "error");
  if (!error) return error.error();
  Close message{std::move(*error), false};
  if (elements.size() > 2) {  // the JavaScript client writes `[7, nil]`
    auto allow_reconnect = elements.at(2);
    if (!allow_reconnect) return allow_reconnect.error();
    if (!(*allow_reconnect)->is_bool()) return readFailed("allowReconnect", "Boolean");
    message.allow_reconnect = (*allow_reconnect)->get_bool();
  }
  return HubMessage{std::move(message)};
}

Result<std::int64_t> readSequenceId(Elements& elements) {
  auto element = elements.at(1);
  if (!element) return element.error();
  if (*element == nullptr || !(*element)->is_int64()) return readFailed("sequenceId", "Int64");
  if ((*element)->get_int64() < 0) {
    return Error::invalid("Expected 'sequenceId' to be a non-negative integer.");
  }
  return (*element)->get_int64();
}

}  // namespace

Result<HubMessage> parseMessagePackHubMessage(std::string_view record) {
  if (record.empty()) return Error::invalid("The message is empty.");
  auto array = readMessagePackArray(record);
  if (!array) return array.error();
  Elements elements(*array);
  auto type = readInt32(elements, 0, "messageType");
  if (!type) return type.error();

  switch (*type) {
    case 1:
      return invocation(elements);
    case 2:
      return streamItem(elements);
    case 3:
      return completion(elements);
    case 4:
      return streamInvocation(elements);
    case 5:
      return cancelInvocation(elements);
    case 6:
      return HubMessage{Ping{}};
    case 7:
      return close(elements);
    case 8:
    case 9: {
      auto sequence_id = readSequenceId(elements);
      if (!sequence_id) return sequence_id.error();
      if (*type == 8) return HubMessage{Ack{*sequence_id}};
      return HubMessage{Sequence{*sequence_id}};
    }
    default:
      return HubMessage{UnknownMessage{*type}};
  }
}

}  // namespace chat::signalr
