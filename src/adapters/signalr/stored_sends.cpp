#include "adapters/signalr/stored_sends.hpp"

#include <boost/asio/post.hpp>

#include "adapters/signalr/hub_connection.hpp"

namespace chat::signalr {

void StoredSends::push(StoredSend send) {
  bool first = false;
  {
    std::lock_guard lock(mutex_);
    first = arrived_.empty();
    arrived_.push_back(std::move(send));
  }
  // Only the first of a burst posts: the drain it schedules takes all that follow it.
  if (first) boost::asio::post(loop_, [this] { drain(); });
}

void StoredSends::drain() {
  {
    std::lock_guard lock(mutex_);
    draining_.swap(arrived_);
  }
  for (StoredSend& send : draining_) {
    send.connection->sendStored(send.invocation_id, send.outcome);
  }
  draining_.clear();
}

}  // namespace chat::signalr
