#include "adapters/http/request_id.hpp"

#include <fmt/core.h>

#include <atomic>
#include <cstdint>
#include <random>

namespace chat::http {
namespace {

std::uint32_t processPrefix() {
  static const std::uint32_t prefix = std::random_device{}();
  return prefix;
}

}  // namespace

bool isValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (const char c : id) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':';
    if (!allowed) return false;
  }
  return true;
}

std::string requestId(std::string_view offered) {
  if (isValidRequestId(offered)) return std::string(offered);
  static std::atomic<std::uint64_t> next{0};
  return fmt::format("{:08x}-{:x}", processPrefix(),
                     next.fetch_add(1, std::memory_order_relaxed) + 1);
}

}  // namespace chat::http
