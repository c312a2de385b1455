#pragma once
// Every setting of the server. Each comes from a flag, an environment variable
// CHATSERVER_<NAME> or a config file (--config, INI or TOML), in that order of precedence.
// Each adapter's options struct is held as it is, so every default is written once: in
// the struct of the component it configures.
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "adapters/http/http_server.hpp"
#include "adapters/security/external_tokens.hpp"
#include "adapters/security/jwt_access_tokens.hpp"
#include "adapters/signalr/group_sweep.hpp"
#include "adapters/signalr/hub_options.hpp"
#include "app/use_case_context.hpp"
#include "domain/limits.hpp"
#include "domain/rate_limiter.hpp"

namespace CLI {
class App;
}

namespace chat {

struct Config {
  http::HttpServerOptions http;
  std::filesystem::path data_dir = "./data";
  std::string database;  // URL; empty means SQLite under data_dir
  JwtOptions jwt;        // an empty key means one generated once and kept in data_dir
  // An identity provider whose tokens are accepted too: its JWKS file (none: only this
  // server's own tokens), and the issuer and audience its tokens must name.
  std::filesystem::path jwt_public_keys;
  ExternalTokenOptions external_jwt;
  // Registration and /api/Auth; off where accounts are the identity provider's alone.
  bool local_accounts = true;
  std::chrono::seconds refresh_lifetime = kDefaultRefreshTokenLifetime;
  std::vector<std::string> cors_origins;  // for REST (CORS) and the hub (Origin check)
  Limits limits;
  // Login attempts per user name; per client address five times as many.
  RateLimiter::Options login;
  // Registrations per client address.
  RateLimiter::Options registration;
  // Logins and registrations waiting for or in a password hash; past it they get 503.
  std::size_t hashing_queue = 64;
  std::size_t threads = 0;         // 0: one event loop per core
  std::size_t workers = 0;         // 0: twice the cores, for database and hashing
  std::filesystem::path web_root;  // empty: found next to the sources or the binary
  std::string log_level = "info";
  std::string log_format = "text";  // or json: one object per line
  signalr::HubOptions hub;
  // The backplane: empty means one node, on its own.
  std::string redis;    // redis://HOST:PORT[/DB]
  std::string node_id;  // empty: the host name and a random suffix
  signalr::GroupSweep::Options sweep;
  // SIGTERM's drain: how long accepted work may take to finish before the process exits.
  std::chrono::seconds shutdown_timeout{10};
  // --metrics-bind ADDR:PORT: /metrics on a listener of its own (port 0 picks one), not
  // with the API; empty address: served with the API.
  std::string metrics_address;
  std::uint16_t metrics_port = 0;
};

// Why the settings can not run as they are (several nodes need a shared database and a
// shared key), or nullopt.
std::optional<std::string> clusterRefusal(const Config& config);
// Why the identity settings can not run as they are (a provider's keys without its issuer
// and audience, or local accounts off with no provider to sign anyone in).
std::optional<std::string> identityRefusal(const Config& config);

// The parsed configuration, or the exit code when the process should stop
// (after --help, or on a bad flag, with the message already printed). `extend` may add
// subcommands (the admin commands) to the command line before it is parsed.
std::variant<Config, int> parseConfig(int argc, char** argv,
                                      const std::function<void(CLI::App&)>& extend = {});

}  // namespace chat
