#include "config/config.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string_view>
#include <tuple>
#include <utility>

namespace chat {
namespace {

// "ADDR:PORT" (the last colon splits, so an IPv6 address may hold colons of its own), or
// nullopt when either part is missing or the port is not 0 to 65535.
std::optional<std::pair<std::string, std::uint16_t>> splitListenAddress(std::string_view value) {
  const auto colon = value.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const std::string_view port = value.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != port.npos) {
    return std::nullopt;
  }
  const unsigned long number = std::stoul(std::string(port));
  if (number > 65535) return std::nullopt;
  return std::pair{std::string(value.substr(0, colon)), static_cast<std::uint16_t>(number)};
}

}  // namespace

std::variant<Config, int> parseConfig(int argc, char** argv,
                                      const std::function<void(CLI::App&)>& extend) {
  Config c;
  CLI::App app{"ChatServer: a real-time group chat server speaking the SignalR protocol"};
  app.set_config("--config", "", "Read settings from this INI or TOML file");
  auto add = [&app](const std::string& name, auto& target, const std::string& help) {
    std::string env = "CHATSERVER_" + name;
    for (char& ch : env) ch = ch == '-' ? '_' : static_cast<char>(std::toupper(ch));
    return app.add_option("--" + name, target, help)->envname(env)->capture_default_str();
  };
  // Durations are given in whole seconds.
  auto add_seconds = [&app](const std::string& name, std::chrono::seconds& target,
                            const std::string& help) {
    std::string env = "CHATSERVER_" + name;
    for (char& ch : env) ch = ch == '-' ? '_' : static_cast<char>(std::toupper(ch));
    return app
        .add_option_function<long>(
            "--" + name, [&target](long seconds) { target = std::chrono::seconds(seconds); }, help)
        ->envname(env)
        ->default_str(std::to_string(target.count()));
  };
  add("bind", c.http.bind_address, "Address to listen on");
  add("port", c.http.port, "Port to listen on; 0 picks a free one");
  add("data-dir", c.data_dir, "Directory for the SQLite database and the generated JWT key");
  add("database", c.database,
      "Database URL (sqlite:PATH, postgresql://USER@HOST:PORT/DB or memory:); default: SQLite "
      "under --data-dir");
  add("redis", c.redis,
      "Redis backplane joining several nodes (redis://HOST:PORT[/DB]); needs PostgreSQL");
  add("node-id", c.node_id, "This node's name on the backplane; default: host name and a suffix");
  auto add_millis = [&app](const std::string& name, std::chrono::milliseconds& target,
                           const std::string& help) {
    std::string env = "CHATSERVER_" + name;
    for (char& ch : env) ch = ch == '-' ? '_' : static_cast<char>(std::toupper(ch));
    return app
        .add_option_function<long>(
            "--" + name, [&target](long ms) { target = std::chrono::milliseconds(ms); }, help)
        ->envname(env)
        ->default_str(std::to_string(target.count()));
  };
  add_millis("bus-sweep-interval", c.sweep.interval,
             "Milliseconds between checks that no message from another node was missed")
      ->check(CLI::Range(50, 600000));
  add_millis("bus-down-sweep-interval", c.sweep.down_interval,
             "The same while the backplane is down, in milliseconds")
      ->check(CLI::Range(10, 60000));
  add("jwt-key", c.jwt.key, "HS256 signing key, at least 32 bytes; default: generated once");
  add("jwt-issuer", c.jwt.issuer, "JWT issuer (iss)");
  add("jwt-audience", c.jwt.audience, "JWT audience (aud)");
  add("jwt-public-keys", c.jwt_public_keys,
      "An identity provider's JWKS file (RS256, ES256, EdDSA keys): its tokens are accepted "
      "too, and their users made at first sight");
  add("jwt-external-issuer", c.external_jwt.issuer,
      "The iss the identity provider's tokens must have (with --jwt-public-keys)");
  add("jwt-external-audience", c.external_jwt.audience,
      "The aud the identity provider's tokens must name (with --jwt-public-keys)");
  add("local-accounts", c.local_accounts,
      "Registration and /api/Auth (false: accounts are the identity provider's alone)");
  add_seconds("jwt-lifetime", c.jwt.lifetime, "Access token lifetime in seconds")
      ->check(CLI::Range(60, 7 * 24 * 3600));
  add_seconds("refresh-lifetime", c.refresh_lifetime, "Refresh token lifetime in seconds")
      ->check(CLI::Range(60, 365 * 24 * 3600));
  add("cors-origins", c.cors_origins, "Allowed CORS origins (comma-separated)")->delimiter(',');
  add("trusted-proxies", c.http.trusted_proxies,
      "Load balancers whose X-Forwarded-For names the client (addresses, comma-separated)")
      ->delimiter(',');
  add("max-group-members", c.limits.max_group_members, "Members per group; 0 = unlimited")
      ->check(CLI::NonNegativeNumber);
  add("max-message-length", c.limits.max_message_length, "Characters per message")
      ->check(CLI::Range(1, 1000000));
  add("max-group-name-length", c.limits.max_group_name_length, "Characters per group name")
      ->check(CLI::Range(1, 10000));
  add("min-password-length", c.limits.min_password_length,
      "Characters a new password needs (NIST SP 800-63B asks for 8); logins are not checked")
      ->check(CLI::Range(std::size_t{1}, c.limits.max_password_length));
  add("max-page-size", c.limits.max_page_size, "Messages per history page")
      ->check(CLI::Range(1, 100000));
  add("typing-per-second", c.limits.typing_per_second,
      "Typing indications per user a second, after a burst of three")
      ->check(CLI::Range(0.01, 1000.0));
  add("read-marks-per-second", c.limits.read_marks_per_second,
      "Read markers per user a second, after a burst of twenty")
      ->check(CLI::Range(0.01, 1000.0));
  add("message-changes-per-second", c.limits.message_changes_per_second,
      "Edits and deletions of messages per user a second, after a burst of ten")
      ->check(CLI::Range(0.01, 1000.0));
  add("member-changes-per-minute", c.limits.member_changes_per_minute,
      "Invitations, removals and role changes per user a minute, after a burst of ten")
      ->check(CLI::Range(0.01, 100000.0));
  add("searches-per-minute", c.limits.searches_per_minute,
      "Message searches per user a minute, after a burst of ten")
      ->check(CLI::Range(0.01, 100000.0));
  add("max-connections", c.http.max_connections,
      "Open connections in all; lowered to fit the file descriptor limit")
      ->check(CLI::Range(1, 10000000));
  add("max-connections-per-address", c.http.max_connections_per_address,
      "Open connections from one client address; 0 = unlimited (trusted proxies are exempt)")
      ->check(CLI::Range(0, 10000000));
  add_seconds("header-timeout", c.http.header_timeout,
              "Seconds a request's headers may take to arrive once it begins")
      ->check(CLI::Range(1, 600));
  add("max-body-bytes", c.http.max_body_bytes, "Largest accepted request body")
      ->check(CLI::Range(1024, 64 * 1024 * 1024));
  add("login-burst", c.login.burst, "Login attempts allowed at once per name and per address")
      ->check(CLI::Range(1.0, 1e6));
  add("login-per-minute", c.login.per_minute, "Login attempts regained per minute")
      ->check(CLI::Range(0.01, 1e6));
  add("register-burst", c.registration.burst, "Registrations allowed at once per address")
      ->check(CLI::Range(1.0, 1e6));
  add("register-per-minute", c.registration.per_minute,
      "Registrations per address regained per minute")
      ->check(CLI::Range(0.01, 1e6));
  add("hashing-queue", c.hashing_queue,
      "Logins and registrations that may wait for a password hash; past it they get 503")
      ->check(CLI::Range(1, 1000000));
  add("threads", c.threads, "Event loop threads; 0 = one per core");
  add("workers", c.workers,
      "Worker threads for the database; 0 = twice the cores (hashing has one per core)");
  add("web-root", c.web_root, "Directory of the web client and Swagger UI files");
  add("log-format", c.log_format, "text, or json: one JSON object per line")
      ->check(CLI::IsMember({"text", "json"}));
  add("log-level", c.log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  add("hub-max-record-bytes", c.hub.max_record_bytes, "Largest SignalR record a client may send")
      ->check(CLI::Range(1024, 16 * 1024 * 1024));
  add("hub-max-connections-per-user", c.hub.max_connections_per_user,
      "Hub connections one user may hold")
      ->check(CLI::Range(1, 1000000));
  add("hub-connection-tokens", c.hub.negotiate_tokens.in_all,
      "Negotiated connection tokens this node remembers as redeemed (each for 15 s)")
      ->check(CLI::Range(1, 100000000));
  add("hub-connection-tokens-per-user", c.hub.negotiate_tokens.per_user,
      "Negotiated connection tokens one user may redeem within the negotiate timeout (15 s)")
      ->check(CLI::Range(1, 10000000));
  add("hub-connection-tokens-per-address", c.hub.negotiate_tokens.per_address,
      "Negotiated connection tokens one client address may redeem within the negotiate timeout")
      ->check(CLI::Range(1, 10000000));
  add("hub-invocations-per-second", c.hub.invocations_per_second,
      "Hub invocations a connection regains per second")
      ->check(CLI::Range(0.1, 1e9));
  add("hub-invocation-burst", c.hub.invocation_burst, "Hub invocations a connection may burst")
      ->check(CLI::Range(1.0, 1e9));
  add("hub-max-queued-bytes", c.hub.max_queued_bytes,
      "Outbound bytes queued for a connection before it is closed as too slow")
      ->check(CLI::Range(64 * 1024, 1024 * 1024 * 1024));
  add_seconds("hub-keep-alive", c.hub.keep_alive_interval,
              "Seconds of silence before the hub pings")
      ->check(CLI::Range(1, 300));
  add_seconds("hub-handshake-timeout", c.hub.handshake_timeout,
              "Seconds a new hub connection has to complete its SignalR handshake")
      ->check(CLI::Range(1, 300));
  add_seconds("hub-client-timeout", c.hub.client_timeout,
              "Seconds without hearing from a client before it is dropped")
      ->check(CLI::Range(2, 3600));
  add("hub-transports", c.hub.transports,
      "Transports the hub offers, in the order clients try them (comma-separated)")
      ->delimiter(',')
      ->check(CLI::IsMember({"WebSockets", "ServerSentEvents", "LongPolling"}));
  add_seconds("hub-long-poll-timeout", c.hub.long_poll_timeout,
              "Seconds a long poll waits for messages before it answers empty")
      ->check(CLI::Range(1, 3600));
  add("hub-stateful-reconnect-bytes", c.hub.stateful_reconnect_bytes,
      "Sent bytes a stateful-reconnect connection keeps until acknowledged; 0 = off")
      ->check(CLI::Range(0, 1024 * 1024 * 1024));
  add_seconds("hub-disconnect-timeout", c.hub.disconnect_timeout,
              "Seconds a dropped stateful-reconnect connection waits to be resumed")
      ->check(CLI::Range(1, 3600));
  add_seconds("hub-presence-grace", c.hub.presence_grace,
              "Seconds a user's last hub connection may be gone before MemberOffline is told")
      ->check(CLI::Range(0, 3600));
  add_seconds("shutdown-timeout", c.shutdown_timeout,
              "Seconds SIGTERM waits for accepted sends, requests and hub closes to finish")
      ->check(CLI::Range(1, 3600));
  std::string metrics_bind;
  add("metrics-bind", metrics_bind,
      "ADDR:PORT where GET /metrics is served instead of with the API (e.g. an internal "
      "address)")
      ->check([](const std::string& value) -> std::string {
        return splitListenAddress(value) ? "" : "expected ADDR:PORT with a port from 0 to 65535";
      });
  add("node-url", c.hub.node_url,
      "How the other nodes reach this one (http://host:port): requests for hub connections "
      "held here are passed on to it");
  if (extend) extend(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (auto listen = splitListenAddress(metrics_bind)) {
    std::tie(c.metrics_address, c.metrics_port) = *listen;
  }
  return c;
}

namespace {

bool sharedDatabase(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

}  // namespace

std::optional<std::string> clusterRefusal(const Config& config) {
  if (!config.redis.empty() && !sharedDatabase(config.database)) {
    return "--redis joins several nodes, and they need one shared database: give "
           "--database postgresql://USER@HOST:PORT/DB (SQLite and memory: belong to one node)";
  }
  if ((!config.redis.empty() || sharedDatabase(config.database)) && config.jwt.key.empty()) {
    return "With PostgreSQL or Redis every node must sign with the same key: give --jwt-key "
           "(or CHATSERVER_JWT_KEY) instead of letting each node generate its own";
  }
  return std::nullopt;
}

std::optional<std::string> identityRefusal(const Config& config) {
  if (!config.jwt_public_keys.empty() &&
      (config.external_jwt.issuer.empty() || config.external_jwt.audience.empty())) {
    return "--jwt-public-keys needs --jwt-external-issuer and --jwt-external-audience: a "
           "provider's tokens are accepted only for this server's audience";
  }
  if (!config.local_accounts && config.jwt_public_keys.empty()) {
    return "--local-accounts false leaves no way to sign in: give --jwt-public-keys";
  }
  return std::nullopt;
}

}  // namespace chat
