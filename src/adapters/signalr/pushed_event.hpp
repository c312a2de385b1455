#pragma once
// An ephemeral hub event (someone typing, say): one invocation with one JSON argument,
// never stored and never replayed. Serialized at most once per hub protocol in use and
// shared by every recipient of that protocol, like a PushedMessage.
//
// Thread-safe: immutable but for the lazily written records, each written once under its
// own once_flag.
#include <array>
#include <boost/json/value.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "adapters/signalr/protocol/hub_protocol.hpp"
#include "adapters/signalr/shared_record.hpp"

namespace chat::signalr {

class PushedEvent {
 public:
  PushedEvent(std::string_view target, boost::json::value argument)
      : target_(target), argument_(std::move(argument)) {}

  const SharedRecord& recordFor(const HubProtocol& protocol) const;

 private:
  std::string target_;
  boost::json::value argument_;
  mutable std::array<std::once_flag, HubProtocol::kCount> written_;
  mutable std::array<SharedRecord, HubProtocol::kCount> records_;
};

using SharedEvent = std::shared_ptr<const PushedEvent>;

}  // namespace chat::signalr
