#pragma once
// Tells the service manager (systemd, for a unit of Type=notify) where the process stands.
// Outside systemd, with no NOTIFY_SOCKET in the environment, each call does nothing.
namespace chat::runtime {

void notifyReady();     // listening and serving
void notifyStopping();  // draining before exit

}  // namespace chat::runtime
