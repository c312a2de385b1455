// Counts heap allocations to check that serializeInvocationRaw, the fan-out hot path,
// allocates exactly once. Replaces the global operator new for this test program.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include "adapters/signalr/protocol/hub_message_writer.hpp"

namespace {

std::atomic<bool> g_counting{false};
std::atomic<int> g_allocations{0};

}  // namespace

void* operator new(std::size_t size) {
  if (g_counting.load(std::memory_order_relaxed)) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
  }
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
// The replacement operator new above takes its memory from malloc, so free is the right
// release; GCC sees only "delete calls free" and warns.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
#pragma GCC diagnostic pop

namespace chat::signalr {
namespace {

int allocationsOf(auto&& f) {
  g_allocations = 0;
  g_counting = true;
  f();
  g_counting = false;
  return g_allocations;
}

TEST(SerializeInvocationRaw, AllocatesOnce) {
  // Long enough to be past any small-string buffer, with characters that need escaping.
  const std::string target = "Message\"Received\"\n";
  const std::string arguments =
      R"([{"groupId":1,"id":42,"author":"bob","text":")" + std::string(300, 'x') + R"("}])";
  std::string out;
  EXPECT_EQ(allocationsOf([&] { out = serializeInvocationRaw(target, arguments); }), 1);
  EXPECT_EQ(out.size(), out.capacity());  // reserved exactly
}

}  // namespace
}  // namespace chat::signalr
