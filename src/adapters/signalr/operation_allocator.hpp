#pragma once
// Memory for the asynchronous operations behind hub writes, reused per thread.
//
// Every write allocates Asio's and Beast's operation objects: the socket send and the
// completion posted through the executor. With Beast's stream layers these are 1-3 KB,
// beyond both Asio's own recycling (about 1 KB, two blocks per thread) and glibc's
// per-thread cache (1 KB), so each write took malloc's slow path: a fifth of the server's
// time when deliveries come one at a time. Blocks freed here are kept per thread, in size
// classes, up to a bound, and handed out again.
//
// Bound to a completion handler with boost::asio::bind_allocator; Asio and Beast then
// allocate every intermediate operation of that write through it.
#include <cstddef>
#include <new>

namespace chat::signalr {

namespace operation_memory {
// Blocks up to this size are recycled; larger ones go straight to operator new.
inline constexpr std::size_t kLargestRecycled = 8 * 1024;
// Bytes each thread keeps for reuse at most.
inline constexpr std::size_t kCachedBytesPerThread = 4 * 1024 * 1024;

void* allocate(std::size_t bytes);
void deallocate(void* block, std::size_t bytes) noexcept;
// Bytes this thread holds for reuse (for tests).
std::size_t cachedBytes() noexcept;
}  // namespace operation_memory

template <class T>
class OperationAllocator {
 public:
  using value_type = T;

  OperationAllocator() noexcept = default;
  template <class U>
  OperationAllocator(const OperationAllocator<U>&) noexcept {}  // NOLINT: rebinding converts

  T* allocate(std::size_t n) {
    static_assert(alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__);
    return static_cast<T*>(operation_memory::allocate(n * sizeof(T)));
  }
  void deallocate(T* block, std::size_t n) noexcept {
    operation_memory::deallocate(block, n * sizeof(T));
  }

  template <class U>
  bool operator==(const OperationAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace chat::signalr
