#pragma once
// IoPool: one io_context per thread; each connection lives on one of them, so everything
// about a connection runs on one thread without locks. stop() ends the loops, joins the
// threads and destroys whatever handlers are still pending (and the connections they own).
// A pending handler of one context may own objects of another (a connector's state holds the
// connections of every thread), so all contexts drop their handlers before any is destroyed.
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace chat::bench {

class IoPool {
 public:
  explicit IoPool(std::size_t threads);
  ~IoPool();
  IoPool(const IoPool&) = delete;
  IoPool& operator=(const IoPool&) = delete;

  std::size_t size() const { return contexts_.size(); }
  boost::asio::io_context& context(std::size_t index) { return *contexts_[index % size()]; }

  // Idempotent. `release` runs after the threads have ended and before the contexts are
  // destroyed: the place to drop the caller's references to sockets of these contexts.
  void stop(const std::function<void()>& release = {});

 private:
  // An io_context whose pending handlers can be destroyed without destroying it.
  class Context : public boost::asio::io_context {
   public:
    Context() : boost::asio::io_context(1) {}
    using boost::asio::io_context::shutdown;
  };
  using Guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  std::vector<std::unique_ptr<Context>> contexts_;
  std::vector<Guard> guards_;
  std::vector<std::thread> threads_;
  bool stopped_ = false;
};

}  // namespace chat::bench
