#pragma once
// Process-level helpers: the file descriptor limit, another process's resident memory, the
// loopback source addresses connections are spread over, and Ctrl-C. Thread-safe.
#include <cstdint>
#include <optional>
#include <vector>

#include <boost/asio/ip/address.hpp>

namespace chat::bench {

// Raises the soft RLIMIT_NOFILE to the hard limit; returns the new soft limit.
std::uint64_t raiseFileLimit();

// VmRSS of a process in KiB, from /proc/<pid>/status; nullopt if unreadable.
std::optional<std::uint64_t> residentKib(int pid);

// 127.0.0.1 .. 127.0.0.count (count in [1, 254]).
std::vector<boost::asio::ip::address> loopbackSources(unsigned count);

// Ctrl-C (SIGINT) and SIGTERM: the first one ends sending (and any preparation or connecting)
// early, a second one also cuts the drain short.
void installStopSignals();
bool stopRequested();
bool abortRequested();

}  // namespace chat::bench
