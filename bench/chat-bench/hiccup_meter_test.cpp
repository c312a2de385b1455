#include "hiccup_meter.hpp"

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "clock.hpp"

namespace chat::bench {
namespace {

using namespace std::chrono_literals;

TEST(HiccupMeter, RecordsAtMostOneWakeUpPerIntervalInsideTheWindow) {
  const std::uint64_t started = nowNs();
  HiccupMeter meter(started, started + 10'000'000'000, 1ms);
  std::this_thread::sleep_for(50ms);
  const Histogram& lateness = meter.stop();
  const std::uint64_t elapsed_ms = (nowNs() - started) / 1'000'000;
  // Each sleep lasts at least the interval, so no more wake-ups than whole milliseconds.
  EXPECT_GE(lateness.count(), 1u);
  EXPECT_LE(lateness.count(), elapsed_ms);
}

TEST(HiccupMeter, IgnoresWakeUpsOutsideTheWindow) {
  const std::uint64_t now = nowNs();
  HiccupMeter meter(now + 10'000'000'000, now + 20'000'000'000, 1ms);
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(meter.stop().count(), 0u);
}

TEST(HiccupMeter, StopIsIdempotent) {
  const std::uint64_t now = nowNs();
  HiccupMeter meter(now, now + 10'000'000'000, 1ms);
  std::this_thread::sleep_for(10ms);
  const std::uint64_t counted = meter.stop().count();
  std::this_thread::sleep_for(10ms);
  EXPECT_EQ(meter.stop().count(), counted);
}

}  // namespace
}  // namespace chat::bench
