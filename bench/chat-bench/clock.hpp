#pragma once
// The one clock of the benchmark: steady, in nanoseconds. The generator and the server run on
// the same machine, but only the generator reads it: send and receipt times are both ours.
#include <chrono>
#include <cstdint>

namespace chat::bench {

inline std::uint64_t nowNs() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::steady_clock::now().time_since_epoch())
                                        .count());
}

inline std::uint64_t secondsToNs(double seconds) {
  return static_cast<std::uint64_t>(seconds * 1e9);
}

inline double nsToMs(double ns) {
  return ns / 1e6;
}

}  // namespace chat::bench
