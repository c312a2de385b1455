#pragma once
// Counting on the hot paths without sharing a cache line: each thread adds to a slot of its
// own (threads beyond kSlots share one), and a scrape sums the slots. A delivery or a stored
// message then pays one uncontended relaxed add.
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace chat::metrics {

inline constexpr std::size_t kSlots = 16;

// This thread's slot: threads take them in the order they first count.
inline std::size_t threadSlot() {
  static std::atomic<std::size_t> next{0};
  thread_local const std::size_t slot = next.fetch_add(1, std::memory_order_relaxed) % kSlots;
  return slot;
}

class Counter {
 public:
  void add(std::uint64_t n = 1) {
    slots_[threadSlot()].value.fetch_add(n, std::memory_order_relaxed);
  }
  std::uint64_t total() const {
    std::uint64_t sum = 0;
    for (const auto& slot : slots_) sum += slot.value.load(std::memory_order_relaxed);
    return sum;
  }

 private:
  struct alignas(64) Slot {
    std::atomic<std::uint64_t> value{0};
  };
  std::array<Slot, kSlots> slots_{};
};

}  // namespace chat::metrics
