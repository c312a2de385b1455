#pragma once
// How a hub protocol splits a byte stream into records. Constants only.

namespace chat::signalr {

enum class RecordFraming {
  // Text records, each ending in 0x1E (the handshake, and the JSON protocol).
  kSeparator,
  // Binary records, each after its length as a VarInt: 7 bits a byte, least significant
  // first, the high bit set on every byte but the last; at most 5 bytes (MessagePack).
  kLengthPrefix,
};

}  // namespace chat::signalr
