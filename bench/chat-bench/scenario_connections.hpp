#pragma once
// The `connections` scenario: N authenticated idle hub connections, spread over loopback
// source addresses, held for a while; the connect rate and, given the server's pid, its
// resident memory per connection.
#include "options.hpp"
#include "report.hpp"

namespace chat::bench {

Report runConnections(const Options& options);

}  // namespace chat::bench
