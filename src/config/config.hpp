#pragma once
// Every setting of the server. Each comes from a flag, an environment variable
// CHATSERVER_<NAME> or a config file (--config, INI or TOML), in that order of precedence.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "domain/limits.hpp"

namespace chat {

struct Config {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 5000;
  std::filesystem::path data_dir = "./data";
  std::string database;  // URL; empty means SQLite under data_dir
  std::string jwt_key;   // empty means a key generated once and kept in data_dir
  std::string jwt_issuer = "ChatServer";
  std::string jwt_audience = "ChatServer";
  int jwt_lifetime_seconds = 7200;
  int refresh_lifetime_seconds = 14 * 24 * 3600;
  std::vector<std::string> cors_origins;
  Limits limits;
  std::size_t max_body_bytes = 64 * 1024;
  double login_burst = 10;
  double login_per_minute = 10;
  std::size_t threads = 0;         // 0: one event loop per core
  std::size_t workers = 0;         // 0: twice the cores, for database and hashing
  std::filesystem::path web_root;  // empty: found next to the sources or the binary
  std::string log_level = "info";
  // SignalR hub limits.
  std::size_t hub_max_record_bytes = 32 * 1024;
  std::size_t hub_max_connections_per_user = 100;
  double hub_invocations_per_second = 1000;
  double hub_invocation_burst = 2000;
  std::size_t hub_max_queued_bytes = 4 * 1024 * 1024;
  int hub_keep_alive_seconds = 15;
  int hub_client_timeout_seconds = 30;
};

// The parsed configuration, or the exit code when the process should stop
// (after --help, or on a bad flag, with the message already printed).
std::variant<Config, int> parseConfig(int argc, char** argv);

}  // namespace chat
