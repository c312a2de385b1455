#include "adapters/runtime/event_loops.hpp"

namespace chat::runtime {

EventLoops::EventLoops(std::size_t count) {
  for (std::size_t i = 0; i < std::max<std::size_t>(count, 1); ++i) {
    // Concurrency hint 1: each context is run by exactly one thread.
    contexts_.push_back(std::make_unique<boost::asio::io_context>(1));
    guards_.push_back(boost::asio::make_work_guard(*contexts_.back()));
  }
}

EventLoops::~EventLoops() {
  stop();
  join();
}

boost::asio::io_context& EventLoops::next() {
  return *contexts_[next_.fetch_add(1, std::memory_order_relaxed) % contexts_.size()];
}

void EventLoops::start() {
  for (auto& context : contexts_) {
    threads_.emplace_back([&context] { context->run(); });
  }
}

void EventLoops::stop() {
  guards_.clear();
  for (auto& context : contexts_) context->stop();
}

void EventLoops::join() {
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

}  // namespace chat::runtime
