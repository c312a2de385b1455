#include "hiccup_meter.hpp"

#include "clock.hpp"

namespace chat::bench {

HiccupMeter::HiccupMeter(std::uint64_t from_ns, std::uint64_t until_ns,
                         std::chrono::microseconds interval)
    : from_ns_(from_ns), until_ns_(until_ns), interval_(interval), thread_([this] { run(); }) {}

HiccupMeter::~HiccupMeter() {
  stop();
}

const Histogram& HiccupMeter::stop() {
  stopping_.store(true, std::memory_order_relaxed);
  if (thread_.joinable()) thread_.join();
  return lateness_;
}

void HiccupMeter::run() {
  const auto interval_ns = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(interval_).count());
  while (!stopping_.load(std::memory_order_relaxed)) {
    const std::uint64_t asked = nowNs() + interval_ns;
    std::this_thread::sleep_for(interval_);
    const std::uint64_t woke = nowNs();
    if (woke >= from_ns_ && woke < until_ns_) lateness_.record(woke > asked ? woke - asked : 0);
  }
}

}  // namespace chat::bench
