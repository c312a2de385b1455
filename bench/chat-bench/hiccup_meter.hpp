#pragma once
// HiccupMeter: a thread that sleeps for a fixed interval again and again and records how much
// later than asked it woke. On the idle development VM that is about 0.12 ms at the median
// (timer slack and the wake-up itself) and 0.3 ms at p99. When the machine stalls (the server
// and the generator sharing cores, a monitoring process, a virtual machine's host holding its
// CPUs back) it shows here as it shows in message latencies, so a report can tell the
// machine's share of a latency tail from the server's.
//
// Only wake-ups inside [from_ns, until_ns) on the benchmark clock count, like messages.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

#include "histogram.hpp"

namespace chat::bench {

class HiccupMeter {
 public:
  static constexpr std::chrono::microseconds kInterval{1000};

  HiccupMeter(std::uint64_t from_ns, std::uint64_t until_ns,
              std::chrono::microseconds interval = kInterval);
  ~HiccupMeter();
  HiccupMeter(const HiccupMeter&) = delete;
  HiccupMeter& operator=(const HiccupMeter&) = delete;

  // Ends the thread and returns the lateness of each counted wake-up, in nanoseconds.
  // Idempotent: later calls return the same histogram.
  const Histogram& stop();

 private:
  void run();

  std::uint64_t from_ns_;
  std::uint64_t until_ns_;
  std::chrono::microseconds interval_;
  std::atomic<bool> stopping_{false};
  Histogram lateness_;
  std::thread thread_;
};

}  // namespace chat::bench
