#include "adapters/signalr/hub_history.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "adapters/runtime/offload.hpp"
#include "adapters/signalr/pushed_message.hpp"

namespace chat::signalr {

namespace asio = boost::asio;

namespace {

asio::awaitable<void> readPage(GetHistory& history, asio::thread_pool& workers,
                               GetHistory::Query query, HistorySource::Done done) {
  auto messages = co_await runtime::offload(workers, [&] { return history.handle(query); });
  if (!messages) co_return done(messages.error());
  HistorySource::Page page;
  page.full = static_cast<int>(messages->size()) >= *query.limit;
  page.deliveries.reserve(messages->size());
  for (const Message& message : *messages) {
    page.deliveries.push_back(
        {message.group_id, message.seq, std::make_shared<const PushedMessage>(message)});
  }
  done(std::move(page));
}

}  // namespace

void HubHistory::OnLoop::readAfter(const Principal& reader, GroupId group, Seq after, Done done) {
  GetHistory::Query query{reader, group, history_.history_.maxPageSize(), std::nullopt, after};
  asio::co_spawn(loop_,
                 readPage(history_.history_, history_.workers_, std::move(query), std::move(done)),
                 asio::detached);
}

}  // namespace chat::signalr
