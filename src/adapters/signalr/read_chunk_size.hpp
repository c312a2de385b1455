#pragma once
// How many bytes a hub connection asks for in its next read. A quiet connection reads small
// pieces, so the buffer each idle connection holds for its pending read stays small; a read
// that fills the requested size marks a busy sender, which reads large pieces until it has
// sent only small ones for a while. One per connection, used on its loop; not thread-safe.
#include <cstddef>

namespace chat::signalr {

class ReadChunkSize {
 public:
  static constexpr std::size_t kQuiet = 512;
  static constexpr std::size_t kBusy = 64 * 1024;
  // Small reads (fewer than kQuiet bytes) in a row that turn a busy connection quiet.
  static constexpr int kSmallReadsToQuiet = 8;

  // Bytes to ask for in the next read.
  std::size_t next() const { return chunk_; }

  // Takes the size of the read just done; true when it turned the connection quiet, so the
  // caller can give its large buffer back.
  bool afterRead(std::size_t bytes);

 private:
  std::size_t chunk_ = kQuiet;
  int small_reads_ = 0;  // in a row, counted while busy
};

}  // namespace chat::signalr
