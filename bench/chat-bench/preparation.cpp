#include "preparation.hpp"

#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>

#include "chat_api.hpp"
#include "clock.hpp"
#include "system.hpp"

namespace chat::bench {

namespace {

// Runs task(index, api, source) for every index on prep.threads threads, logging progress
// every second; rethrows the first failure once every thread has stopped.
template <class Task>
void parallelFor(const PrepContext& prep, std::size_t count, std::string_view what, Task task) {
  if (count == 0) return;
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::atomic<bool> failed{false};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const std::size_t threads = std::max<std::size_t>(1, std::min<std::size_t>(prep.threads, count));
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      ChatApi api(prep.url);
      for (;;) {
        const std::size_t index = next.fetch_add(1);
        if (index >= count || failed.load() || stopRequested()) return;
        try {
          task(index, api, prep.sources[index % prep.sources.size()]);
          done.fetch_add(1);
        } catch (...) {
          std::lock_guard lock(failure_mutex);
          if (!failure) failure = std::current_exception();
          failed.store(true);
          return;
        }
      }
    });
  }
  const std::uint64_t started = nowNs();
  std::uint64_t last_log = started;
  while (done.load() < count && !failed.load() && !stopRequested()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (nowNs() - last_log >= 1'000'000'000) {
      last_log = nowNs();
      spdlog::info("  {}: {}/{}", what, done.load(), count);
    }
  }
  for (auto& worker : workers) worker.join();
  if (failure) std::rethrow_exception(failure);
  if (stopRequested()) throw ApiError("interrupted");
  spdlog::info("  {}: {} in {:.1f} s", what, count, (nowNs() - started) / 1e9);
}

}  // namespace

std::vector<BenchUser> prepareUsers(const PrepContext& prep, std::size_t count) {
  std::vector<BenchUser> users(count);
  parallelFor(prep, count, "users registered and logged in",
              [&](std::size_t i, ChatApi& api, const boost::asio::ip::address& source) {
                users[i].name = prep.user_prefix + std::to_string(i);
                api.registerUser(source, users[i].name, prep.password);
                users[i].token = api.login(source, users[i].name, prep.password);
              });
  return users;
}

std::vector<std::int64_t> createGroups(const PrepContext& prep, const std::vector<BenchUser>& users,
                                       const std::vector<std::size_t>& creators,
                                       const std::string& name_prefix) {
  std::vector<std::int64_t> ids(creators.size());
  parallelFor(prep, creators.size(), "groups created",
              [&](std::size_t i, ChatApi& api, const boost::asio::ip::address& source) {
                ids[i] = api.createGroup(source, users.at(creators[i]).token,
                                         name_prefix + std::to_string(i));
              });
  return ids;
}

void joinGroups(const PrepContext& prep, const std::vector<BenchUser>& users,
                const std::vector<std::pair<std::size_t, std::int64_t>>& joins) {
  parallelFor(prep, joins.size(), "memberships",
              [&](std::size_t i, ChatApi& api, const boost::asio::ip::address& source) {
                api.joinGroup(source, users.at(joins[i].first).token, joins[i].second);
              });
}

}  // namespace chat::bench
