// chat-bench: a load generator for ChatServer. See bench/README.md.
#include <cstdio>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli.hpp"
#include "report.hpp"
#include "scenario_connections.hpp"
#include "scenario_load.hpp"
#include "system.hpp"

int main(int argc, char** argv) {
  using namespace chat::bench;
  int exit_code = 0;
  const auto options = parseCommandLine(argc, argv, exit_code);
  if (!options) return exit_code;

  // Progress goes to stderr, the report to stdout.
  auto logger = spdlog::stderr_color_mt("chat-bench");
  logger->set_pattern("%H:%M:%S.%e %^%l%$ %v");
  spdlog::set_default_logger(logger);
  installStopSignals();
  const auto files = raiseFileLimit();
  spdlog::info("chat-bench {} against {} (open files limit {})", options->command,
               options->common.url, files);

  Report report;
  if (options->command == "fanout") {
    report = runFanout(*options);
  } else if (options->command == "send") {
    report = runSend(*options);
  } else {
    report = runConnections(*options);
  }
  printReport(report, stdout);
  if (!options->common.json_path.empty()) {
    if (auto error = writeJsonReport(report, options->common.json_path); !error.empty()) {
      spdlog::error("{}", error);
      return 1;
    }
  }
  if (!options->common.svg_path.empty()) {
    if (auto error = writeSvgReport(report, options->common.svg_path); !error.empty()) {
      spdlog::error("{}", error);
      return 1;
    }
  }
  return report.passed ? 0 : 2;
}
