#include "adapters/signalr/hub_presence.hpp"

#include <future>
#include <memory>

namespace chat::signalr {

std::vector<bool> HubPresence::online(std::span<const UserId> users) {
  std::vector<bool> online = connections_.onlineHere(users);
  ClusterConnections* cluster = connections_.cluster();
  if (cluster == nullptr || users.empty()) return online;
  // Shared: the answer may come after this call gave up waiting.
  auto answer = std::make_shared<std::promise<std::optional<std::vector<bool>>>>();
  auto future = answer->get_future();
  cluster->online(
      std::vector<UserId>(users.begin(), users.end()),
      [answer](std::optional<std::vector<bool>> across) { answer->set_value(std::move(across)); });
  if (future.wait_for(wait_) != std::future_status::ready) return online;
  const auto across = future.get();
  if (!across || across->size() != online.size()) return online;
  for (std::size_t i = 0; i < online.size(); ++i) online[i] = online[i] || (*across)[i];
  return online;
}

}  // namespace chat::signalr
