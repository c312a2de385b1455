#include "system.hpp"

#include <sys/resource.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <string>

namespace chat::bench {

namespace {
std::atomic<int> g_signals{0};

extern "C" void onStopSignal(int) {
  g_signals.fetch_add(1);
}
}  // namespace

std::uint64_t raiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  return static_cast<std::uint64_t>(limit.rlim_cur);
}

std::optional<std::uint64_t> residentKib(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      try {
        return std::stoull(line.substr(6));  // "VmRSS:     1234 kB"
      } catch (...) {
        return std::nullopt;
      }
    }
  }
  return std::nullopt;
}

std::vector<boost::asio::ip::address> loopbackSources(unsigned count) {
  std::vector<boost::asio::ip::address> sources;
  for (unsigned i = 1; i <= count && i <= 254; ++i) {
    sources.push_back(boost::asio::ip::make_address_v4(0x7f000000u + i));
  }
  return sources;
}

void installStopSignals() {
  std::signal(SIGINT, onStopSignal);
  std::signal(SIGTERM, onStopSignal);
}

bool stopRequested() {
  return g_signals.load(std::memory_order_relaxed) > 0;
}

bool abortRequested() {
  return g_signals.load(std::memory_order_relaxed) > 1;
}

}  // namespace chat::bench
