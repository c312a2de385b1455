#pragma once
// The open connections, counted in all and per client address, so that the server can
// refuse one past either limit before it reads a byte. A connection holds its slot for its
// whole life: over HTTP and, after an upgrade, as a hub connection. Thread-safe: slots are
// taken on the accepting loop and given back on whichever loop the connection ended on.
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace chat::http {

class ConnectionSlots {
 public:
  struct Limits {
    std::size_t in_all = 100000;
    std::size_t per_address = 0;  // 0: no limit per address
  };

  // Move-only; gives its slot back when destroyed. An empty one holds nothing.
  class Slot {
   public:
    Slot() = default;
    Slot(Slot&& other) noexcept;
    Slot& operator=(Slot&& other) noexcept;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() { release(); }

   private:
    friend class ConnectionSlots;
    Slot(ConnectionSlots* owner, std::string address)
        : owner_(owner), address_(std::move(address)) {}
    void release();

    ConnectionSlots* owner_ = nullptr;
    std::string address_;  // empty: not counted per address
  };

  enum class Admission { kAdmitted, kServerFull, kAddressFull };

  explicit ConnectionSlots(Limits limits) : limits_(limits) {}

  // Takes a slot for a connection from `address`; one from an address `exempt` from the
  // per-address limit (a trusted proxy, carrying many clients) counts in all only.
  Admission take(std::string_view address, bool exempt, Slot& slot);
  std::size_t open() const;
  std::size_t openFrom(std::string_view address) const;
  const Limits& limits() const { return limits_; }

 private:
  void giveBack(const std::string& address);

  Limits limits_;
  mutable std::mutex mutex_;
  std::size_t open_ = 0;
  std::unordered_map<std::string, std::size_t> per_address_;
};

}  // namespace chat::http
