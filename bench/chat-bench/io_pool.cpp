#include "io_pool.hpp"

#include <spdlog/spdlog.h>

namespace chat::bench {

IoPool::IoPool(std::size_t threads) {
  if (threads == 0) threads = 1;
  for (std::size_t i = 0; i < threads; ++i) {
    contexts_.push_back(std::make_unique<Context>());
    guards_.push_back(boost::asio::make_work_guard(*contexts_.back()));
  }
  for (std::size_t i = 0; i < threads; ++i) {
    threads_.emplace_back([context = contexts_[i].get()] {
      try {
        context->run();
      } catch (const std::exception& error) {
        spdlog::error("I/O thread stopped: {}", error.what());
      }
    });
  }
}

IoPool::~IoPool() {
  stop();
}

void IoPool::stop(const std::function<void()>& release) {
  if (stopped_) return;
  stopped_ = true;
  guards_.clear();
  for (auto& context : contexts_) context->stop();
  for (auto& thread : threads_) thread.join();
  if (release) release();
  // Destroy every pending handler (and the connections they own) while every context's
  // services still exist, then the contexts.
  for (auto& context : contexts_) context->shutdown();
  contexts_.clear();
}

}  // namespace chat::bench
