#pragma once
// connectAll: opens `count` connections, at most `concurrency` at a time, connection i on the
// pool's io_context i % pool.size(), each followed by an optional setup step (such as
// subscribing to a group). Blocks the calling thread, logging progress every second, until all
// are done, the deadline passes or Ctrl-C.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "connection.hpp"
#include "io_pool.hpp"

namespace chat::bench {

struct ConnectJob {
  std::size_t count = 0;
  std::size_t concurrency = 256;
  // Called on I/O threads: must only read shared data.
  std::function<ConnectSpec(std::size_t index)> spec;
  // Optional; must not capture anything that ends before the pool stops.
  std::function<boost::asio::awaitable<std::string>(Connection&)> setup;
  std::chrono::seconds deadline{120};
  std::string what = "connections";
};

struct ConnectResult {
  // By index; null where connecting failed. Owned jointly with the I/O threads.
  std::vector<std::shared_ptr<Connection>> connections;
  std::size_t connected = 0;
  std::size_t failed = 0;
  double seconds = 0;
  bool complete = false;  // false: the deadline passed or Ctrl-C; some are still connecting
  std::vector<std::pair<std::string, std::size_t>> errors;  // distinct texts, counted
};

// The job is shared with the I/O threads, which may outlive the call when it times out.
ConnectResult connectAll(IoPool& pool, ConnectionListener& listener,
                         const std::shared_ptr<const ConnectJob>& job);

}  // namespace chat::bench
