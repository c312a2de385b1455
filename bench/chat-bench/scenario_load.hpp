#pragma once
// The `fanout` and `send` scenarios: run the load engine and turn its measurements into a
// report with a verdict.
#include "options.hpp"
#include "report.hpp"

namespace chat::bench {

Report runFanout(const Options& options);
Report runSend(const Options& options);

}  // namespace chat::bench
