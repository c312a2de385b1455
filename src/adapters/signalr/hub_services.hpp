#pragma once
// What a hub connection uses besides its socket. Owned by the composition root; shared
// by every connection; each part is thread-safe.
#include <boost/asio/thread_pool.hpp>

#include "adapters/signalr/connection_registry.hpp"
#include "adapters/signalr/hub_options.hpp"
#include "adapters/signalr/user_connections.hpp"
#include "app/use_cases.hpp"

namespace chat::signalr {

struct HubServices {
  UseCases& use_cases;
  boost::asio::thread_pool& workers;
  HubOptions options;
  UserConnections& user_connections;
  ConnectionRegistry& registry;
};

}  // namespace chat::signalr
