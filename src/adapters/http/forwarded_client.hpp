#pragma once
// The client's address behind reverse proxies. A proxy in `trusted` (a load balancer of
// the deployment) reports the address it served in X-Forwarded-For; anyone else can write
// that header too, so it is believed only from a trusted peer, and read from the right:
// the first address that is not itself a trusted proxy is the client. Without trusted
// proxies, the peer is the client.
#include <string>
#include <string_view>
#include <vector>

namespace chat::http {

// Whether `peer` is one of the `trusted` proxies.
bool isTrustedProxy(std::string_view peer, const std::vector<std::string>& trusted);

std::string forwardedClient(const std::string& peer, std::string_view forwarded_for,
                            const std::vector<std::string>& trusted);

}  // namespace chat::http
