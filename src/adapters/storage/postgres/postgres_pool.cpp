#include "adapters/storage/postgres/postgres_pool.hpp"

namespace chat::postgres {

Pool::Pool(const ConnectionSettings& settings, int size, std::chrono::milliseconds max_wait)
    : max_wait_(max_wait) {
  for (int i = 0; i < std::max(size, 1); ++i) {
    connections_.push_back(std::make_unique<Connection>(settings));
    idle_.push_back(connections_.back().get());
  }
}

Pool::Lease::Lease(Pool& pool) : pool_(pool) {
  std::unique_lock lock(pool_.mutex_);
  if (pool_.returned_.wait_for(lock, pool_.max_wait_, [&] { return !pool_.idle_.empty(); })) {
    connection_ = pool_.idle_.back();
    pool_.idle_.pop_back();
  }
}

Pool::Lease::~Lease() {
  if (connection_ == nullptr) return;
  {
    std::lock_guard lock(pool_.mutex_);
    pool_.idle_.push_back(connection_);
  }
  pool_.returned_.notify_one();
}

Error Pool::Lease::error() const {
  return Error::unavailable(std::string(kUnavailableMessage),
                            "every pooled database connection stayed busy");
}

}  // namespace chat::postgres
