#pragma once
// The byte that ends every record of SignalR's text framing (ASCII "record separator").
// It cannot occur inside JSON text, so records are split on it at byte level. Constant only.

namespace chat::signalr {

inline constexpr char kRecordSeparator = '\x1e';

}  // namespace chat::signalr
