#include "adapters/runtime/service_manager.hpp"

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

namespace chat::runtime {
namespace {

void notify(const char* state) {
  // Negative: the socket named by NOTIFY_SOCKET could not be reached; the service manager
  // then times the start out, which says more than a second log line would.
  if (sd_notify(0, state) < 0) spdlog::warn("Cannot tell the service manager {}", state);
}

}  // namespace

void notifyReady() {
  notify("READY=1");
}

void notifyStopping() {
  notify("STOPPING=1");
}

}  // namespace chat::runtime
