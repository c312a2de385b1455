#pragma once
// `chatserver admin ...`: the operator's commands, in the server's binary and read from
// the server's own settings (flags, CHATSERVER_* variables, --config), so they reach the
// database the server uses. Results go to stdout, errors to stderr with a non-zero exit.
#include <memory>
#include <string>

#include "config/config.hpp"

namespace CLI {
class App;
}

namespace chat::admin {

class AdminCommands {
 public:
  AdminCommands();
  ~AdminCommands();
  AdminCommands(const AdminCommands&) = delete;
  AdminCommands& operator=(const AdminCommands&) = delete;

  // Adds the `admin` subcommand and everything under it to the server's command line.
  void attach(CLI::App& app);
  // Whether the command line chose an admin command (after parsing).
  bool chosen() const;
  // Runs the chosen command (only when chosen()); the process's exit code.
  int run(const Config& config);

 private:
  struct Choice;
  std::unique_ptr<Choice> choice_;
};

}  // namespace chat::admin
