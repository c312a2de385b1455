#include "adapters/dto/iso_time.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace chat {

std::string formatIsoTime(Timestamp time) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  const auto millis = (time - seconds).count();
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", seconds, millis);
}

}  // namespace chat
