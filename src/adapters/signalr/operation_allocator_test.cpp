#include "adapters/signalr/operation_allocator.hpp"

#include <gtest/gtest.h>

#include <array>
#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstring>
#include <thread>
#include <vector>

namespace chat::signalr {
namespace {

using operation_memory::cachedBytes;

// Each thread has its own cache: a fresh thread starts every test from an empty one.
template <class Test>
void onFreshThread(Test test) {
  std::thread(test).join();
}

TEST(OperationAllocator, ReusesAFreedBlockOfTheSameSizeClass) {
  onFreshThread([] {
    OperationAllocator<char> allocator;
    char* first = allocator.allocate(2000);
    allocator.deallocate(first, 2000);
    EXPECT_EQ(cachedBytes(), 2048U);          // kept whole: 2000 bytes round up to the 2,048 class
    char* second = allocator.allocate(1900);  // the same 256-byte class
    EXPECT_EQ(second, first);
    EXPECT_EQ(cachedBytes(), 0U);
    allocator.deallocate(second, 1900);
  });
}

TEST(OperationAllocator, KeepsFreedBlocksOnlyUpToItsBound) {
  onFreshThread([] {
    OperationAllocator<char> allocator;
    std::vector<char*> blocks;
    const std::size_t count = operation_memory::kCachedBytesPerThread / 4096 + 16;
    for (std::size_t i = 0; i < count; ++i) blocks.push_back(allocator.allocate(4096));
    for (char* block : blocks) allocator.deallocate(block, 4096);
    EXPECT_GT(cachedBytes(), 0U);
    EXPECT_LE(cachedBytes(), operation_memory::kCachedBytesPerThread);
  });
}

TEST(OperationAllocator, GivesLargeBlocksStraightBack) {
  onFreshThread([] {
    OperationAllocator<char> allocator;
    const std::size_t large = operation_memory::kLargestRecycled + 1;
    char* block = allocator.allocate(large);
    std::memset(block, 1, large);  // the sanitizers check that all of it is usable
    allocator.deallocate(block, large);
    EXPECT_EQ(cachedBytes(), 0U);
  });
}

TEST(OperationAllocator, BlocksFreedOnAnotherThreadStayUsable) {
  OperationAllocator<std::array<char, 3000>> allocator;
  auto* block = allocator.allocate(1);
  std::thread([&] {
    allocator.deallocate(block, 1);
    EXPECT_EQ(cachedBytes(), 3072U);  // this thread keeps it
    auto* again = allocator.allocate(1);
    EXPECT_EQ(again, block);
    (*again)[2999] = 1;
    allocator.deallocate(again, 1);
  }).join();
}

TEST(OperationAllocator, AsioAllocatesAHandlersOperationThroughIt) {
  onFreshThread([] {
    boost::asio::io_context loop;
    bool ran = false;
    std::array<char, 1500> large_capture{};  // makes the posted operation larger than Asio recycles
    boost::asio::post(
        loop, boost::asio::bind_allocator(OperationAllocator<void>{},
                                          [&ran, large_capture] { ran = large_capture[0] == 0; }));
    loop.run();
    EXPECT_TRUE(ran);
    EXPECT_GT(cachedBytes(), 0U);  // the operation's block came back to this thread's cache
  });
}

}  // namespace
}  // namespace chat::signalr
