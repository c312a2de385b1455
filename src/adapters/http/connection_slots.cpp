#include "adapters/http/connection_slots.hpp"

#include <utility>

namespace chat::http {

ConnectionSlots::Slot::Slot(Slot&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)), address_(std::move(other.address_)) {}

ConnectionSlots::Slot& ConnectionSlots::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    release();
    owner_ = std::exchange(other.owner_, nullptr);
    address_ = std::move(other.address_);
  }
  return *this;
}

void ConnectionSlots::Slot::release() {
  if (owner_) std::exchange(owner_, nullptr)->giveBack(address_);
}

ConnectionSlots::Admission ConnectionSlots::take(std::string_view address, bool exempt,
                                                 Slot& slot) {
  const bool counted_per_address = limits_.per_address > 0 && !exempt;
  {
    std::lock_guard lock(mutex_);
    if (open_ >= limits_.in_all) return Admission::kServerFull;
    if (counted_per_address) {
      auto [entry, added] = per_address_.try_emplace(std::string(address), 0);
      if (entry->second >= limits_.per_address) {
        if (added) per_address_.erase(entry);
        return Admission::kAddressFull;
      }
      ++entry->second;
    }
    ++open_;
  }
  // Outside the lock: a slot `slot` held before is given back here.
  slot = Slot(this, counted_per_address ? std::string(address) : std::string());
  return Admission::kAdmitted;
}

void ConnectionSlots::giveBack(const std::string& address) {
  std::lock_guard lock(mutex_);
  --open_;
  if (address.empty()) return;
  auto entry = per_address_.find(address);
  if (entry != per_address_.end() && --entry->second == 0) per_address_.erase(entry);
}

std::size_t ConnectionSlots::open() const {
  std::lock_guard lock(mutex_);
  return open_;
}

std::size_t ConnectionSlots::openFrom(std::string_view address) const {
  std::lock_guard lock(mutex_);
  auto entry = per_address_.find(std::string(address));
  return entry == per_address_.end() ? 0 : entry->second;
}

}  // namespace chat::http
