#pragma once
// The outcomes of hub sends, handed from the commit queue's thread to the loop of each
// sending connection. A batch commits hundreds of sends at once; one post per burst wakes
// the loop for all of them, where a post per send cost an allocation, a lock and often an
// epoll wake-up each, on the one thread every send waits for.
//
// Thread-safe: push from any thread; the outcomes are handed to their connections on the
// loop, in push order.
#include <boost/asio/io_context.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "domain/message.hpp"
#include "domain/result.hpp"

namespace chat::signalr {

class HubConnection;

struct StoredSend {
  std::shared_ptr<HubConnection> connection;
  std::optional<std::string> invocation_id;
  Result<Message> outcome;
};

class StoredSends {
 public:
  explicit StoredSends(boost::asio::io_context& loop) : loop_(loop) {}
  void push(StoredSend send);

 private:
  void drain();

  boost::asio::io_context& loop_;
  std::mutex mutex_;
  std::vector<StoredSend> arrived_;   // guarded by mutex_
  std::vector<StoredSend> draining_;  // the loop's own
};

}  // namespace chat::signalr
