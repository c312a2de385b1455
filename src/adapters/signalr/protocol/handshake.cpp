#include "adapters/signalr/protocol/handshake.hpp"

#include <limits>

#include "adapters/dto/json_string.hpp"
#include "adapters/signalr/protocol/json_fields.hpp"
#include "adapters/signalr/protocol/record_separator.hpp"

namespace chat::signalr {
namespace {

// Version 2 is what clients send when they negotiated stateful reconnect; ASP.NET accepts it.
constexpr int kMinVersion = 1;
constexpr int kMaxVersion = 2;

}  // namespace

Result<HandshakeRequest> parseHandshakeRequest(std::string_view record) {
  auto object = parseJsonObject(record);
  if (!object) return object.error();

  auto protocol = stringField(*object, "protocol");
  if (!protocol) return protocol.error();

  std::optional<int> version;
  if (const boost::json::value* field = object->if_contains("version");
      field != nullptr && !field->is_null()) {  // ASP.NET reads null as absent
    const auto number = asInteger(*field);
    if (!number || *number < std::numeric_limits<int>::min() ||
        *number > std::numeric_limits<int>::max()) {
      return Error::invalid("Expected 'version' to be of type Number.");
    }
    version = static_cast<int>(*number);
  }

  if (*protocol == nullptr) return Error::invalid(missingProperty("protocol"));
  if (!version) return Error::invalid(missingProperty("version"));
  return HandshakeRequest{std::string(**protocol), *version};
}

Result<const HubProtocol*> chooseHubProtocol(const HandshakeRequest& request,
                                             TransferFormat transport) {
  const HubProtocol* protocol = findHubProtocol(request.protocol);
  if (protocol == nullptr) {
    return Error::invalid("The protocol '" + request.protocol + "' is not supported.");
  }
  if (request.version < kMinVersion || request.version > kMaxVersion) {
    return Error::invalid("The server does not support version " + std::to_string(request.version) +
                          " of the '" + std::string(protocol->name()) + "' protocol.");
  }
  if (protocol->transferFormat() == TransferFormat::kBinary && transport == TransferFormat::kText) {
    return Error::invalid("Cannot use the '" + std::string(protocol->name()) +
                          "' protocol on the current transport. The transport does not support "
                          "'Binary' transfer format.");
  }
  return protocol;
}

std::string_view handshakeResponse() {
  static constexpr char kResponse[] = {'{', '}', kRecordSeparator};
  return {kResponse, sizeof kResponse};
}

std::string handshakeError(std::string_view message) {
  constexpr std::string_view kHead = "{\"error\":";
  std::string out;
  out.reserve(kHead.size() + jsonStringSize(message) + 2);
  out += kHead;
  appendJsonString(out, message);
  out += '}';
  out += kRecordSeparator;
  return out;
}

}  // namespace chat::signalr
