#pragma once
// A thread pool of its own for one kind of costly work (password hashing), with a bound on
// the work waiting or running in it. Past the bound, work is refused at once: a flood of
// registrations answers "busy" instead of queueing minutes of hashing, and the database
// work of every other request never waits behind it on the shared worker pool.
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstddef>
#include <optional>
#include <type_traits>

#include "adapters/runtime/offload.hpp"

namespace chat::runtime {

class BoundedPool {
 public:
  BoundedPool(std::size_t threads, std::size_t max_queued)
      : pool_(threads), max_queued_(max_queued) {}
  ~BoundedPool() { pool_.join(); }
  BoundedPool(const BoundedPool&) = delete;
  BoundedPool& operator=(const BoundedPool&) = delete;

  // Runs `work` as offload() does, or returns nullopt at once when max_queued pieces of
  // work are already waiting or running.
  template <class Work>
  boost::asio::awaitable<std::optional<std::invoke_result_t<Work>>> tryRun(Work work) {
    if (queued_.fetch_add(1) >= max_queued_) {
      queued_.fetch_sub(1);
      co_return std::nullopt;
    }
    auto outcome = co_await offload(pool_, std::move(work));
    queued_.fetch_sub(1);
    co_return std::optional(std::move(outcome));
  }

  std::size_t queued() const { return queued_.load(); }
  void join() { pool_.join(); }

 private:
  boost::asio::thread_pool pool_;
  std::size_t max_queued_;
  std::atomic<std::size_t> queued_{0};
};

}  // namespace chat::runtime
