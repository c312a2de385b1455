#pragma once
// A few connections shared by the worker threads for every call but appends (which the
// message committer writes on a connection of its own). A call borrows an idle
// connection, runs on it and gives it back; when all are busy it waits (up to a bound,
// then kUnavailable). Borrowed connections are (re)connected first, and a transaction a
// failure left open is rolled back before the connection goes back.
// Thread-safe.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <type_traits>
#include <vector>

#include "adapters/storage/postgres/postgres_connection.hpp"

namespace chat::postgres {

class Pool {
 public:
  Pool(const ConnectionSettings& settings, int size,
       std::chrono::milliseconds max_wait = std::chrono::seconds(5));

  // Runs fn(Connection&) -> Result<T> on a borrowed, connected connection; returns its
  // result or why no connection could be had.
  template <class Fn>
  auto run(Fn&& fn) -> std::invoke_result_t<Fn&, Connection&> {
    Lease lease(*this);
    if (!lease) return lease.error();
    Connection& connection = lease.connection();
    if (auto connected = connection.ensureConnected(); !connected) return connected.error();
    try {
      auto result = fn(connection);
      connection.rollbackIfOpen();
      return result;
    } catch (...) {
      // Errors are values: nothing thrown (std::bad_alloc) may leave the engine.
      connection.rollbackIfOpen();
      return Error::internal("unexpected failure in a database call");
    }
  }

 private:
  class Lease {
   public:
    explicit Lease(Pool& pool);
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    explicit operator bool() const { return connection_ != nullptr; }
    Connection& connection() { return *connection_; }
    Error error() const;

   private:
    Pool& pool_;
    Connection* connection_ = nullptr;
  };

  std::chrono::milliseconds max_wait_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::vector<Connection*> idle_;
};

}  // namespace chat::postgres
