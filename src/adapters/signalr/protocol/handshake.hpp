#pragma once
// The SignalR handshake: the client's first record names the hub protocol and version; the
// server answers `{}` (accepted) or `{"error":"..."}` (then closes). Records exclude/include
// the 0x1E separator as noted. Pure functions; thread-safe.
#include <string>
#include <string_view>

#include "adapters/signalr/protocol/hub_protocol.hpp"
#include "domain/result.hpp"

namespace chat::signalr {

struct HandshakeRequest {
  std::string protocol;
  int version = 0;
};

// Parses the handshake record (without its 0x1E). `protocol` (string) and `version`
// (integer) are required, other fields are ignored. Errors are Error::invalid.
Result<HandshakeRequest> parseHandshakeRequest(std::string_view record);

// The protocol the request names (any case) if it is supported, at version 1 or 2 (2 when
// the client negotiated stateful reconnect), and the transport can carry its transfer
// format (`transport`: what the transport carries); otherwise Error::invalid with ASP.NET's
// text, meant for handshakeError().
Result<const HubProtocol*> chooseHubProtocol(const HandshakeRequest& request,
                                             TransferFormat transport);

// `{}` + 0x1E, static storage.
std::string_view handshakeResponse();

// `{"error":"<message>"}` + 0x1E.
std::string handshakeError(std::string_view message);

}  // namespace chat::signalr
