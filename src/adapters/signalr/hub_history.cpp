#include "adapters/signalr/hub_history.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "adapters/runtime/offload.hpp"
#include "adapters/signalr/pushed_message.hpp"

namespace chat::signalr {

namespace asio = boost::asio;

namespace {

asio::awaitable<void> readPage(GetHistory& history, asio::thread_pool& workers, Principal reader,
                               GroupId group, Seq after, HistorySource::Done done) {
  auto timeline = co_await runtime::offload(
      workers, [&] { return history.timelineAfter(reader, group, after); });
  if (!timeline) co_return done(timeline.error());
  HistorySource::Page page;
  page.full = timeline->full;
  page.deliveries.reserve(timeline->entries.size());
  for (const TimelineEntry& entry : timeline->entries) {
    page.deliveries.push_back({group, entry.seq, pushOf(entry)});
  }
  done(std::move(page));
}

}  // namespace

void HubHistory::OnLoop::readAfter(const Principal& reader, GroupId group, Seq after, Done done) {
  asio::co_spawn(
      loop_, readPage(history_.history_, history_.workers_, reader, group, after, std::move(done)),
      asio::detached);
}

}  // namespace chat::signalr
