#pragma once
// One io_context per thread, sized to the cores. A connection lives on one loop for its
// whole life, so its state needs no locks; new connections are spread round-robin.
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <thread>
#include <vector>

namespace chat::runtime {

class EventLoops {
 public:
  explicit EventLoops(std::size_t count);
  ~EventLoops();
  EventLoops(const EventLoops&) = delete;
  EventLoops& operator=(const EventLoops&) = delete;

  std::size_t size() const { return contexts_.size(); }
  boost::asio::io_context& at(std::size_t index) { return *contexts_[index]; }
  // The loop for the next new connection. Thread-safe.
  boost::asio::io_context& next();

  void start();  // one thread per loop
  void stop();   // ends every loop; pending handlers are dropped
  void join();

 private:
  using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<WorkGuard> guards_;
  std::vector<std::thread> threads_;
  std::atomic<std::size_t> next_{0};
};

}  // namespace chat::runtime
