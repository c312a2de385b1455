#pragma once
// Thread-safe: stateless; reads std::chrono::system_clock.
#include "app/ports/clock.hpp"

namespace chat {

class SystemClock final : public Clock {
 public:
  // The current UTC time, truncated to milliseconds.
  Timestamp now() override;
};

}  // namespace chat
