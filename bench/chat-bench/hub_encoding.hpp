#pragma once
// What chat-bench writes on a hub connection, in either hub protocol: the handshake and the
// ping (fixed bytes), and invocations. JSON records end in 0x1E; MessagePack records are
// arrays after a VarInt length prefix, laid out as the official clients write them:
//   [1, {}, "<invocationId>", target, [arguments...], []]
// Pure functions; thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>

namespace chat::bench {

enum class HubEncoding { kJson, kMessagePack };

// By its --hub-protocol name: json, messagepack.
inline std::optional<HubEncoding> hubEncodingNamed(std::string_view name) {
  if (name == "json") return HubEncoding::kJson;
  if (name == "messagepack") return HubEncoding::kMessagePack;
  return std::nullopt;
}

// The handshake names the protocol; it is a JSON text record in both.
std::string_view handshakeRecord(HubEncoding encoding);
std::string_view pingRecord(HubEncoding encoding);

// Appends SendMessage(group, text) with this invocation id. JSON: `text` must need no
// escaping (benchmark payloads never do).
void appendSendMessage(std::string& out, HubEncoding encoding, std::uint64_t invocation_id,
                       std::int64_t group_id, std::string_view text);

// Appends an invocation of `target` with these arguments (integers, strings, booleans,
// null and arrays of them); "" on success, else what could not be written.
std::string appendInvocation(std::string& out, HubEncoding encoding, std::uint64_t invocation_id,
                             std::string_view target, const boost::json::array& arguments);

}  // namespace chat::bench
