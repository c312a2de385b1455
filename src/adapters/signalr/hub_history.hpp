#pragma once
// The hub's HistorySource: a stretch of a group's timeline (its messages and the changes to
// them) read by the GetHistory use case on the worker pool (so membership is checked as for
// any reader), serialized as the records a live subscriber gets (MessageReceived,
// MessageEdited, MessageDeleted), and answered on the asking loop. Thread-safe.
#include <boost/asio/thread_pool.hpp>

#include "adapters/signalr/group_subscriptions.hpp"
#include "app/get_history.hpp"

namespace chat::signalr {

class HubHistory {
 public:
  HubHistory(GetHistory& history, boost::asio::thread_pool& workers)
      : history_(history), workers_(workers) {}

  // A source for the subscriptions of one loop.
  class OnLoop final : public HistorySource {
   public:
    OnLoop(HubHistory& history, boost::asio::io_context& loop) : history_(history), loop_(loop) {}
    void readAfter(const Principal& reader, GroupId group, Seq after, Done done) override;

   private:
    HubHistory& history_;
    boost::asio::io_context& loop_;
  };

 private:
  GetHistory& history_;
  boost::asio::thread_pool& workers_;
};

}  // namespace chat::signalr
