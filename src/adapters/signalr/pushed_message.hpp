#pragma once
// A stored message as the hub pushes it (a MessageReceived invocation, or MessageEdited /
// MessageDeleted for a change to one), serialized at most once for each hub protocol in
// use and shared by every recipient of that protocol. The
// JSON record is what nodes exchange; a node that has MessagePack readers serializes that
// form itself, once, when the first of them needs it.
//
// Thread-safe: immutable but for the lazily written records, each written once under its
// own once_flag while the loops of a node read it concurrently.
#include <array>
#include <memory>
#include <mutex>
#include <optional>

#include "adapters/signalr/protocol/hub_protocol.hpp"
#include "adapters/signalr/shared_record.hpp"
#include "domain/message.hpp"

namespace chat::signalr {

inline constexpr std::string_view kMessageReceived = "MessageReceived";
inline constexpr std::string_view kMessageEdited = "MessageEdited";
inline constexpr std::string_view kMessageDeleted = "MessageDeleted";

class PushedMessage {
 public:
  // A message stored or changed here, pushed as `target` (one of the k* below): its JSON
  // record is written at once (the backplane sends it).
  explicit PushedMessage(Message message, std::string_view target = kMessageReceived);
  // A message another node published, as the JSON record it sent.
  explicit PushedMessage(SharedRecord json_record);

  // The record for a connection speaking `protocol`; null when this message can not be
  // written in it (a published record that is not a MessageReceived of ours).
  const SharedRecord& recordFor(const HubProtocol& protocol) const;
  const SharedRecord& json() const { return records_[index(HubProtocol::Id::kJson)]; }

 private:
  static constexpr std::size_t index(HubProtocol::Id id) { return static_cast<std::size_t>(id); }

  std::optional<Message> message_;  // read back from the JSON record on first need
  std::string_view target_;         // static; read back with the message
  mutable std::array<std::once_flag, HubProtocol::kCount> written_;
  mutable std::array<SharedRecord, HubProtocol::kCount> records_;
};

using SharedPush = std::shared_ptr<const PushedMessage>;

// What a stored message or change is pushed as.
SharedPush pushOf(const TimelineEntry& entry);

}  // namespace chat::signalr
