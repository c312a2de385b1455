#include "connector.hpp"

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "clock.hpp"
#include "system.hpp"

namespace chat::bench {

namespace {

constexpr std::size_t kMaxDistinctErrors = 20;

struct SharedState {
  explicit SharedState(std::size_t count, std::size_t threads)
      : connections(count), next(threads) {}
  std::vector<std::shared_ptr<Connection>> connections;
  std::vector<std::size_t> next;  // per thread, touched by that thread only
  std::atomic<std::size_t> connected{0};
  std::atomic<std::size_t> failed{0};
  std::mutex errors_mutex;
  std::map<std::string, std::size_t> errors;
};

boost::asio::awaitable<void> worker(std::shared_ptr<SharedState> state,
                                    std::shared_ptr<const ConnectJob> job,
                                    ConnectionListener* listener, boost::asio::io_context* context,
                                    std::size_t thread, std::size_t threads) {
  for (;;) {
    const std::size_t index = thread + state->next[thread] * threads;
    ++state->next[thread];
    if (index >= job->count || stopRequested()) co_return;
    ConnectSpec spec = job->spec(index);
    auto connection = Connection::create(*context, index, *listener, spec.transport);
    std::string error = co_await connection->connect(std::move(spec));
    if (error.empty() && job->setup) error = co_await job->setup(*connection);
    if (error.empty()) {
      state->connections[index] = std::move(connection);
      state->connected.fetch_add(1, std::memory_order_release);
      continue;
    }
    connection->close();
    {
      std::lock_guard lock(state->errors_mutex);
      if (state->errors.size() < kMaxDistinctErrors || state->errors.count(error)) {
        ++state->errors[error];
      } else {
        ++state->errors["(other errors)"];
      }
    }
    state->failed.fetch_add(1, std::memory_order_release);
  }
}

}  // namespace

ConnectResult connectAll(IoPool& pool, ConnectionListener& listener,
                         const std::shared_ptr<const ConnectJob>& shared_job) {
  const ConnectJob& job = *shared_job;
  const std::size_t threads = pool.size();
  auto state = std::make_shared<SharedState>(job.count, threads);
  const std::size_t per_thread =
      std::max<std::size_t>(1, (job.concurrency + threads - 1) / threads);
  const std::uint64_t started = nowNs();
  for (std::size_t t = 0; t < threads; ++t) {
    for (std::size_t w = 0; w < per_thread; ++w) {
      boost::asio::co_spawn(pool.context(t),
                            worker(state, shared_job, &listener, &pool.context(t), t, threads),
                            boost::asio::detached);
    }
  }
  const std::uint64_t deadline = started + secondsToNs(static_cast<double>(job.deadline.count()));
  std::uint64_t last_log = started;
  std::size_t last_done = 0;
  ConnectResult result;
  for (;;) {
    const std::size_t connected = state->connected.load(std::memory_order_acquire);
    const std::size_t failed = state->failed.load(std::memory_order_acquire);
    if (connected + failed >= job.count) {
      result.complete = true;
      break;
    }
    const std::uint64_t now = nowNs();
    if (now >= deadline || stopRequested()) break;
    if (now - last_log >= 1'000'000'000) {
      spdlog::info("  {}: {}/{} ({:.0f}/s), {} failed", job.what, connected, job.count,
                   (connected + failed - last_done) * 1e9 / static_cast<double>(now - last_log),
                   failed);
      last_log = now;
      last_done = connected + failed;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  result.seconds = (nowNs() - started) / 1e9;
  result.connected = state->connected.load(std::memory_order_acquire);
  result.failed = state->failed.load(std::memory_order_acquire);
  if (result.complete) {
    result.connections = state->connections;
  } else {
    // Workers still run: copy what is final only once the pool has stopped. Until then,
    // report counts; the caller stops the pool and gets nothing to close.
    spdlog::error("  {}: {} of {} done when {}", job.what, result.connected + result.failed,
                  job.count, stopRequested() ? "interrupted" : "the deadline passed");
  }
  {
    std::lock_guard lock(state->errors_mutex);
    result.errors.assign(state->errors.begin(), state->errors.end());
  }
  return result;
}

}  // namespace chat::bench
