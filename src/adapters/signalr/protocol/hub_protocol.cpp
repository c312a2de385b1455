#include "adapters/signalr/protocol/hub_protocol.hpp"

#include <boost/algorithm/string/predicate.hpp>

#include "adapters/signalr/protocol/json_hub_protocol.hpp"

namespace chat::signalr {

const HubProtocol& jsonHubProtocol() {
  static const JsonHubProtocol protocol;
  return protocol;
}

const HubProtocol* findHubProtocol(std::string_view name) {
  for (const HubProtocol* protocol : {&jsonHubProtocol(), &messagePackHubProtocol()}) {
    if (boost::algorithm::iequals(name, protocol->name())) return protocol;
  }
  return nullptr;
}

}  // namespace chat::signalr
