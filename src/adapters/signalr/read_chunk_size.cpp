#include "adapters/signalr/read_chunk_size.hpp"

namespace chat::signalr {

bool ReadChunkSize::afterRead(std::size_t bytes) {
  if (bytes >= chunk_) {
    chunk_ = kBusy;
    small_reads_ = 0;
    return false;
  }
  // Counting only while busy keeps the count bounded on a connection that stays quiet.
  if (chunk_ == kQuiet) return false;
  // A mid-size read breaks the run: the sender is still busy.
  small_reads_ = bytes < kQuiet ? small_reads_ + 1 : 0;
  if (small_reads_ < kSmallReadsToQuiet) return false;
  chunk_ = kQuiet;
  return true;
}

}  // namespace chat::signalr
