#pragma once
// Test helper: an event loop run by a thread of its own, for code that waits for its loop
// from the caller's thread (as workers do), and a wait with a deadline for what the loop
// answers.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <future>
#include <optional>
#include <thread>

namespace chat::backplane::testing {

class LoopThread {
 public:
  LoopThread() : thread_([this] { loop_.run(); }) {}
  ~LoopThread() {
    work_.reset();
    loop_.stop();
    thread_.join();
  }
  LoopThread(const LoopThread&) = delete;
  LoopThread& operator=(const LoopThread&) = delete;

  boost::asio::io_context& loop() { return loop_; }

  // Runs `work` on the loop and waits for it: for what must be made or destroyed there.
  template <class Work>
  void runOnLoop(Work work) {
    std::promise<void> done;
    boost::asio::post(loop_, [&] {
      work();
      done.set_value();
    });
    done.get_future().wait();
  }

 private:
  boost::asio::io_context loop_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{
      loop_.get_executor()};
  std::thread thread_;
};

// The value, or none when it did not come within `timeout`.
template <class T>
std::optional<T> within(std::future<T>& future,
                        std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  if (future.wait_for(timeout) != std::future_status::ready) return std::nullopt;
  return future.get();
}

}  // namespace chat::backplane::testing
