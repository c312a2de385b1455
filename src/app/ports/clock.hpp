#pragma once
#include "domain/time.hpp"

namespace chat {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() = 0;
};

}  // namespace chat
