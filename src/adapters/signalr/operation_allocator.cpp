#include "adapters/signalr/operation_allocator.hpp"

#include <array>
#include <utility>

namespace chat::signalr::operation_memory {

namespace {

constexpr std::size_t kClassBytes = 256;
constexpr std::size_t kClasses = kLargestRecycled / kClassBytes;

struct FreeBlock {
  FreeBlock* next;
};

// The free blocks of one thread. Blocks may be freed on another thread than the one that
// allocated them; they are plain operator-new memory, so whichever thread holds them may
// reuse or release them.
class ThreadCache {
 public:
  ThreadCache() = default;
  ThreadCache(const ThreadCache&) = delete;
  ThreadCache& operator=(const ThreadCache&) = delete;
  ~ThreadCache() {
    for (FreeBlock*& head : free_) {
      while (head != nullptr) ::operator delete(std::exchange(head, head->next));
    }
  }

  void* take(std::size_t size_class) {
    FreeBlock*& head = free_[size_class];
    if (head == nullptr) return ::operator new(classBytes(size_class));
    cached_bytes_ -= classBytes(size_class);
    return std::exchange(head, head->next);
  }

  void give(void* block, std::size_t size_class) noexcept {
    if (cached_bytes_ + classBytes(size_class) > kCachedBytesPerThread) {
      ::operator delete(block);
      return;
    }
    cached_bytes_ += classBytes(size_class);
    free_[size_class] = new (block) FreeBlock{free_[size_class]};
  }

  std::size_t cachedBytes() const noexcept { return cached_bytes_; }

 private:
  static constexpr std::size_t classBytes(std::size_t size_class) {
    return (size_class + 1) * kClassBytes;
  }

  std::array<FreeBlock*, kClasses> free_{};
  std::size_t cached_bytes_ = 0;
};

thread_local ThreadCache cache;

std::size_t sizeClass(std::size_t bytes) {
  return bytes == 0 ? 0 : (bytes - 1) / kClassBytes;
}

}  // namespace

void* allocate(std::size_t bytes) {
  if (bytes > kLargestRecycled) return ::operator new(bytes);
  return cache.take(sizeClass(bytes));
}

void deallocate(void* block, std::size_t bytes) noexcept {
  if (block == nullptr) return;
  if (bytes > kLargestRecycled) return ::operator delete(block);
  cache.give(block, sizeClass(bytes));
}

std::size_t cachedBytes() noexcept {
  return cache.cachedBytes();
}

}  // namespace chat::signalr::operation_memory
