#include "adapters/runtime/bounded_pool.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <future>

#include "domain/result.hpp"

namespace chat::runtime {
namespace {

namespace asio = boost::asio;

TEST(BoundedPool, RefusesWorkPastItsBoundAndTakesMoreOnceSomeEnds) {
  // The loop outlives the pool: the pool's threads still touch it as they hand results back.
  asio::io_context loop;
  BoundedPool pool(1, 1);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  int first = 0;
  bool second_refused = false;
  int third = 0;

  auto slow = [released]() -> Result<int> {
    released.wait();
    return 1;
  };
  asio::co_spawn(
      loop,
      [&]() -> asio::awaitable<void> {
        auto outcome = co_await pool.tryRun(slow);
        first = outcome ? **outcome : -1;
        // The first has ended: there is room again.
        auto later = co_await pool.tryRun([]() -> Result<int> { return 3; });
        third = later ? **later : -1;
      },
      asio::detached);
  asio::co_spawn(
      loop,
      [&]() -> asio::awaitable<void> {
        auto outcome = co_await pool.tryRun([]() -> Result<int> { return 2; });
        second_refused = !outcome;
        release.set_value();
      },
      asio::detached);
  loop.run();

  EXPECT_EQ(first, 1);
  EXPECT_TRUE(second_refused);
  EXPECT_EQ(third, 3);
  EXPECT_EQ(pool.queued(), 0u);
}

}  // namespace
}  // namespace chat::runtime
