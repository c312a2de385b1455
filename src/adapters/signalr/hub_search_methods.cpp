// The hub method of HubConnection that searches messages, as GET /api/Messages/search does:
// SearchMessages(query, groupId?, before?, limit?) answers the MessageDtos found, newest
// first.
#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <limits>

#include "adapters/runtime/offload.hpp"
#include "adapters/signalr/hub_arguments.hpp"
#include "adapters/signalr/hub_connection.hpp"
#include "adapters/signalr/loop_shard.hpp"

namespace chat::signalr {

namespace asio = boost::asio;

void HubConnection::searchMessages(std::optional<std::string> id,
                                   const boost::json::array& arguments) {
  auto text = stringArgument(arguments, 0, "query");
  if (!text) return complete(id, text.error());
  auto group = optionalCountArgument(arguments, 1, "groupId");
  if (!group) return complete(id, group.error());
  auto before = optionalCountArgument(arguments, 2, "before");
  if (!before) return complete(id, before.error());
  auto limit = optionalCountArgument(arguments, 3, "limit");
  if (!limit) return complete(id, limit.error());
  SearchMessages::Query query{principal_, std::move(text).value(), *group, *before, std::nullopt};
  // The use case checks the range; clamping only keeps a huge value from wrapping around.
  if (*limit) {
    query.limit =
        static_cast<int>(std::min<std::int64_t>(**limit, std::numeric_limits<int>::max()));
  }
  asio::co_spawn(shard_.loop(), answerSearch(std::move(id), std::move(query)), asio::detached);
}

asio::awaitable<void> HubConnection::answerSearch(std::optional<std::string> id,
                                                  SearchMessages::Query query) {
  auto self = shared_from_this();
  auto found = co_await runtime::offload(
      services_.workers, [&] { return services_.use_cases.search_messages.handle(query); });
  if (finished_) co_return;
  if (!found) co_return complete(id, found.error());
  if (id) send(protocol_->completionWithMessages(*id, *found));
}

}  // namespace chat::signalr
