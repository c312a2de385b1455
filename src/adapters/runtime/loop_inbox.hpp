#pragma once
// Items handed from any thread to one event loop, a burst at a time: only the push that
// finds the inbox empty posts to the loop, and the drain it schedules takes every item
// pushed until it runs. A post per item cost an allocation, a lock and often an epoll
// wake-up each, on the loop every item waits for.
//
// Thread-safe: push from any thread; `handle` runs on the loop, once per item, in push
// order.
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

namespace chat::runtime {

template <class Item>
class LoopInbox {
 public:
  using Handler = std::function<void(Item&)>;

  LoopInbox(boost::asio::io_context& loop, Handler handle)
      : loop_(loop), handle_(std::move(handle)) {}
  LoopInbox(const LoopInbox&) = delete;
  LoopInbox& operator=(const LoopInbox&) = delete;

  void push(Item item) {
    bool first = false;
    {
      std::lock_guard lock(mutex_);
      first = arrived_.empty();
      arrived_.push_back(std::move(item));
    }
    if (first) boost::asio::post(loop_, [this] { drain(); });
  }

 private:
  void drain() {
    {
      std::lock_guard lock(mutex_);
      draining_.swap(arrived_);
    }
    for (Item& item : draining_) handle_(item);
    draining_.clear();
  }

  boost::asio::io_context& loop_;
  Handler handle_;
  std::mutex mutex_;
  std::vector<Item> arrived_;   // guarded by mutex_
  std::vector<Item> draining_;  // the loop's own
};

}  // namespace chat::runtime
