#pragma once
// The `MessageReceived` push of a stored message: one record, shared by every recipient.
#include "adapters/signalr/shared_record.hpp"
#include "domain/message.hpp"

namespace chat::signalr {

SharedRecord messageReceivedRecord(const Message& message);

}  // namespace chat::signalr
