#include "adapters/security/system_clock.hpp"

#include <chrono>

namespace chat {

Timestamp SystemClock::now() {
  return std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

}  // namespace chat
