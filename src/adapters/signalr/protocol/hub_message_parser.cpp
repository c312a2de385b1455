#include "adapters/signalr/protocol/hub_message_parser.hpp"

#include <utility>

#include "adapters/signalr/protocol/json_fields.hpp"

namespace chat::signalr {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

// The known properties of any message type, type-checked while walking the object in
// document order, so the first bad property is the one reported (as ASP.NET does).
// Pointers refer into the parsed object, which outlives this struct.
struct Fields {
  std::optional<std::int64_t> type;
  const boost::json::string* invocation_id = nullptr;
  const boost::json::string* target = nullptr;
  const boost::json::string* error = nullptr;
  array* arguments = nullptr;
  value* result = nullptr;
  value* item = nullptr;
  const array* stream_ids = nullptr;
  bool allow_reconnect = false;
  std::optional<std::int64_t> sequence_id;
};

Error typeError(std::string_view key, std::string_view expected) {
  return Error::invalid("Expected '" + std::string(key) + "' to be " + std::string(expected) + ".");
}

Status checkHeaders(const value& headers) {
  if (!headers.is_object()) return typeError("headers", "of type Object");
  for (const auto& header : headers.get_object()) {
    if (!header.value().is_string()) {
      return Error::invalid("Expected header '" + std::string(header.key()) +
                            "' to be of type String.");
    }
  }
  return {};
}

// Sets `out` to the string at `field`, or reports the type error.
Status readString(std::string_view key, const value& field, const boost::json::string*& out) {
  if (!field.is_string()) return typeError(key, "of type String");
  out = &field.get_string();
  return {};
}

Status readField(std::string_view key, value& field, Fields& fields) {
  if (key == "type") {
    if (!field.is_number()) return typeError(key, "of type Number");
    fields.type = asInteger(field);
    if (!fields.type) return typeError(key, "an integer");
  } else if (key == "invocationId") {
    return readString(key, field, fields.invocation_id);
  } else if (key == "target") {
    return readString(key, field, fields.target);
  } else if (key == "error") {
    return readString(key, field, fields.error);
  } else if (key == "arguments") {
    if (!field.is_array()) return typeError(key, "of type Array");
    fields.arguments = &field.get_array();
  } else if (key == "streamIds") {
    if (!field.is_array()) return typeError(key, "of type Array");
    for (const value& id : field.get_array()) {
      if (!id.is_string()) return typeError(key, "an array of strings");
    }
    fields.stream_ids = &field.get_array();
  } else if (key == "result") {
    fields.result = &field;
  } else if (key == "item") {
    fields.item = &field;
  } else if (key == "allowReconnect") {
    if (!field.is_bool()) return typeError(key, "true or false");
    fields.allow_reconnect = field.get_bool();
  } else if (key == "sequenceId") {
    if (!field.is_number()) return typeError(key, "of type Number");
    fields.sequence_id = asInteger(field);
    if (!fields.sequence_id || *fields.sequence_id < 0) {
      return typeError(key, "a non-negative integer");
    }
  } else if (key == "headers") {
    return checkHeaders(field);  // accepted, not interpreted
  }
  return {};  // unknown properties are skipped, for forward compatibility
}

// ASP.NET treats an empty id like a missing one.
bool hasId(const Fields& fields) {
  return fields.invocation_id != nullptr && !fields.invocation_id->empty();
}

std::vector<std::string> streamIds(const Fields& fields) {
  std::vector<std::string> ids;
  if (fields.stream_ids == nullptr) return ids;
  ids.reserve(fields.stream_ids->size());
  for (const value& id : *fields.stream_ids) ids.emplace_back(id.get_string());
  return ids;
}

Result<HubMessage> invocation(const Fields& fields) {
  if (fields.target == nullptr || fields.target->empty()) {
    return Error::invalid(missingProperty("target"));
  }
  if (fields.arguments == nullptr) return Error::invalid(missingProperty("arguments"));
  Invocation message{std::nullopt, std::string(*fields.target), std::move(*fields.arguments),
                     streamIds(fields)};
  if (hasId(fields)) message.invocation_id.emplace(*fields.invocation_id);
  return HubMessage{std::move(message)};
}

Result<HubMessage> streamInvocation(const Fields& fields) {
  if (!hasId(fields)) return Error::invalid(missingProperty("invocationId"));
  if (fields.arguments == nullptr) return Error::invalid(missingProperty("arguments"));
  if (fields.target == nullptr || fields.target->empty()) {
    return Error::invalid(missingProperty("target"));
  }
  return HubMessage{StreamInvocation{std::string(*fields.invocation_id),
                                     std::string(*fields.target), std::move(*fields.arguments),
                                     streamIds(fields)}};
}

Result<HubMessage> streamItem(const Fields& fields) {
  if (!hasId(fields)) return Error::invalid(missingProperty("invocationId"));
  if (fields.item == nullptr) return Error::invalid(missingProperty("item"));
  return HubMessage{StreamItem{std::string(*fields.invocation_id), std::move(*fields.item)}};
}

Result<HubMessage> completion(const Fields& fields) {
  if (!hasId(fields)) return Error::invalid(missingProperty("invocationId"));
  if (fields.error != nullptr && fields.result != nullptr) {
    return Error::invalid("The 'error' and 'result' properties are mutually exclusive.");
  }
  Completion message{std::string(*fields.invocation_id), std::nullopt, std::nullopt};
  if (fields.result != nullptr) message.result.emplace(std::move(*fields.result));
  if (fields.error != nullptr) message.error.emplace(*fields.error);
  return HubMessage{std::move(message)};
}

Result<HubMessage> cancelInvocation(const Fields& fields) {
  if (!hasId(fields)) return Error::invalid(missingProperty("invocationId"));
  return HubMessage{CancelInvocation{std::string(*fields.invocation_id)}};
}

Result<HubMessage> close(const Fields& fields) {
  Close message;
  if (fields.error != nullptr) message.error.emplace(*fields.error);
  message.allow_reconnect = fields.allow_reconnect;
  return HubMessage{std::move(message)};
}

}  // namespace

Result<HubMessage> parseHubMessage(std::string_view record) {
  auto parsed = parseJsonObject(record);
  if (!parsed) return parsed.error();
  object& root = *parsed;

  Fields fields;
  for (auto& entry : root) {
    if (auto status = readField(entry.key(), entry.value(), fields); !status) {
      return status.error();
    }
  }
  if (!fields.type) return Error::invalid(missingProperty("type"));

  switch (*fields.type) {
    case 1:
      return invocation(fields);
    case 2:
      return streamItem(fields);
    case 3:
      return completion(fields);
    case 4:
      return streamInvocation(fields);
    case 5:
      return cancelInvocation(fields);
    case 6:
      return HubMessage{Ping{}};
    case 7:
      return close(fields);
    case 8:
    case 9:
      if (!fields.sequence_id) return Error::invalid(missingProperty("sequenceId"));
      if (*fields.type == 8) return HubMessage{Ack{*fields.sequence_id}};
      return HubMessage{Sequence{*fields.sequence_id}};
    default:
      return HubMessage{UnknownMessage{*fields.type}};
  }
}

}  // namespace chat::signalr
