#include "adapters/signalr/pushed_event.hpp"

namespace chat::signalr {

const SharedRecord& PushedEvent::recordFor(const HubProtocol& protocol) const {
  const auto slot = static_cast<std::size_t>(protocol.id());
  std::call_once(written_[slot], [&] {
    records_[slot] = makeRecord(protocol.eventInvocation(target_, argument_));
  });
  return records_[slot];
}

}  // namespace chat::signalr
