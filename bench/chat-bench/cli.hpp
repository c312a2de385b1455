#pragma once
// The command line: `chat-bench <fanout|send|connections> [options]`, parsed with CLI11.
#include <optional>

#include "options.hpp"

namespace chat::bench {

// nullopt when the program should exit with `exit_code` (help, or a usage error: printed).
std::optional<Options> parseCommandLine(int argc, char** argv, int& exit_code);

}  // namespace chat::bench
