// The composition root: reads the configuration, builds every adapter, wires them to the
// use cases, and runs the server until SIGINT or SIGTERM.
#include <malloc.h>
#include <spdlog/spdlog.h>

#include <unistd.h>
#include <atomic>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdio>
#include <optional>
#include <thread>
#include <vector>

#include "adapters/admin/admin_commands.hpp"
#include "adapters/backplane/bus_payload.hpp"
#include "adapters/backplane/redis_backplane.hpp"
#include "adapters/backplane/redis_rate_limits.hpp"
#include "adapters/backplane/redis_user_connections.hpp"
#include "adapters/http/api/api.hpp"
#include "adapters/http/http_server.hpp"
#include "adapters/metrics/server_metrics.hpp"
#include "adapters/runtime/log_format.hpp"
#include "adapters/runtime/service_manager.hpp"
#include "adapters/security/argon2_password_hasher.hpp"
#include "adapters/security/identity_provider_tokens.hpp"
#include "adapters/security/jwk_public_keys.hpp"
#include "adapters/security/jwt_access_tokens.hpp"
#include "adapters/security/jwt_key_file.hpp"
#include "adapters/security/revoked_sessions.hpp"
#include "adapters/security/session_checked_access_tokens.hpp"
#include "adapters/security/sodium_secrets.hpp"
#include "adapters/security/system_clock.hpp"
#include "adapters/security/upgrading_password_hasher.hpp"
#include "adapters/signalr/followed_groups.hpp"
#include "adapters/signalr/group_sweep.hpp"
#include "adapters/signalr/hub_endpoint.hpp"
#include "adapters/signalr/hub_fanout.hpp"
#include "adapters/signalr/hub_presence.hpp"
#include "adapters/signalr/hub_request_forwarding.hpp"
#include "adapters/signalr/presence_tracker.hpp"
#include "adapters/signalr/session_endings.hpp"
#include "adapters/storage/open_storage.hpp"
#include "config/config.hpp"

#ifndef CHAT_SOURCE_DIR
#define CHAT_SOURCE_DIR "."
#endif

namespace chat {
namespace {

std::size_t cores() {
  return std::max(1u, std::thread::hardware_concurrency());
}

int fail(const std::string& what, const Error& error) {
  spdlog::critical("{}: {}{}{}", what, error.message, error.detail.empty() ? "" : ": ",
                   error.detail);
  return 1;
}

// The host name and a random suffix, as SignalR names its servers: two processes on one
// host stay apart.
std::string defaultNodeId(Secrets& secrets) {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::string id;
  for (const char* c = host; *c; ++c) {
    id += backplane::validNodeId(std::string_view(c, 1)) ? *c : '-';
  }
  return (id.empty() ? "node" : id) + "-" + secrets.randomToken().substr(0, 6);
}

int run(const Config& config) {
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  if (config.log_format == "json") runtime::useJsonLogs();
  if (auto refusal = clusterRefusal(config)) {
    return fail("Cannot start", Error::invalid(*refusal));
  }
  if (auto refusal = identityRefusal(config)) {
    return fail("Cannot start", Error::invalid(*refusal));
  }
  std::optional<redis::RedisUrl> redis_url;
  if (!config.redis.empty()) {
    auto url = redis::parseRedisUrl(config.redis);
    if (!url) return fail("Invalid --redis", url.error());
    redis_url = std::move(url).value();
  }
  std::error_code fs_error;
  std::filesystem::create_directories(config.data_dir, fs_error);
  if (fs_error) return fail("Cannot create the data directory", Error::invalid(fs_error.message()));

  auto storage = openStorage(config.database, config.data_dir);
  if (!storage) return fail("Cannot open the database", storage.error());
  JwtOptions jwt = config.jwt;
  if (jwt.key.empty()) {
    auto key = loadOrCreateJwtKey(config.data_dir);
    if (!key) return fail("Cannot load the JWT signing key", key.error());
    jwt.key = std::move(key).value();
  }

  SystemClock clock;
  Argon2PasswordHasher argon2;
  UpgradingPasswordHasher passwords{argon2};
  SodiumSecrets secrets;
  auto access_tokens = JwtAccessTokens::create(jwt, clock);
  if (!access_tokens) return fail("Invalid JWT settings", access_tokens.error());
  // An ended session is remembered while a token issued before its end may be valid, and a
  // minute more for a refresh that raced the logout. Every bearer check reads it.
  RevokedSessions revoked_sessions(clock, {.remember_for = jwt.lifetime + std::chrono::minutes(1)});
  SessionCheckedAccessTokens checked_tokens(**access_tokens, revoked_sessions);
  // --jwt-public-keys: an identity provider's tokens are accepted beside this server's.
  std::optional<ExternalTokens> external_tokens;
  std::optional<IdentityProviderTokens> provider_tokens;
  if (!config.jwt_public_keys.empty()) {
    auto keys = loadJwksFile(config.jwt_public_keys);
    if (!keys) return fail("Cannot load --jwt-public-keys", keys.error());
    spdlog::info("Accepting tokens of {} signed with {} key(s)", config.external_jwt.issuer,
                 keys->size());
    external_tokens.emplace(std::move(keys).value(), config.external_jwt, clock);
    provider_tokens.emplace(checked_tokens, *external_tokens);
  }
  AccessTokens& bearer_tokens =
      provider_tokens ? static_cast<AccessTokens&>(*provider_tokens) : checked_tokens;
  runtime::EventLoops loops(config.threads ? config.threads : cores());
  signalr::LoopShards shards;  // made below, once the use cases they read history with exist
  signalr::HubFanout events(shards);

  UseCaseContext context{**storage, passwords, checked_tokens, secrets,
                         clock,     events,    config.limits,  config.refresh_lifetime};
  signalr::SessionEndings session_endings(revoked_sessions, shards);
  context.session_revocations = &session_endings;
  RateLimiter::Options login_per_address = config.login;
  login_per_address.burst *= 5;
  login_per_address.per_minute *= 5;
  UseCases use_cases(context, config.login, login_per_address, config.registration);

  boost::asio::thread_pool workers(config.workers ? config.workers : 2 * cores());
  runtime::BoundedPool hashing(cores(), config.hashing_queue);
  const std::filesystem::path web_root =
      config.web_root.empty() ? std::filesystem::path(CHAT_SOURCE_DIR) : config.web_root;
  http::ApiDependencies api{use_cases, workers, hashing,
                            web_root / "node_modules" / "swagger-ui-dist",
                            web_root / "web" / "dist"};
  std::atomic<bool> draining{false};
  api.draining = &draining;
  api.local_accounts = config.local_accounts;
  SignInExternalUser sign_in_external(context);
  http::ExternalPrincipals external_principals(workers, sign_in_external,
                                               config.external_jwt.issuer);
  api.metrics_elsewhere = !config.metrics_address.empty();
  http::Router router;
  http::mountApi(router, &api);
  http::CorsPolicy cors(config.cors_origins);

  signalr::HubOptions hub_options = config.hub;
  hub_options.allowed_origins = config.cors_origins;
  signalr::HubHistory history(use_cases.get_history, workers);
  shards = signalr::HubEndpoint::makeShards(loops, history, hub_options);
  signalr::UserConnections user_connections(hub_options.max_connections_per_user);
  signalr::HubPresence presence(user_connections);
  context.presence = &presence;
  signalr::PresenceTracker presence_tracker(loops.at(0), workers, user_connections,
                                            use_cases.announce_presence,
                                            hub_options.presence_grace);
  user_connections.onPresenceChanged(
      [&presence_tracker](UserId user, std::string_view name, bool present) {
        presence_tracker.changed(user, name, present);
      });
  signalr::ConnectionRegistry connection_registry;
  signalr::HubServices hub_services{use_cases, workers, hub_options, user_connections,
                                    connection_registry};
  // Signed with the JWT key, which every node shares: any node takes any node's token. Each
  // names the node that issued it, where its connection lives.
  if (!hub_options.node_url.empty() && !http::ForwardTarget::fromNodeUrl(hub_options.node_url)) {
    return fail("Invalid --node-url", Error::invalid("give http://HOST:PORT"));
  }
  signalr::NegotiateTokens negotiate_tokens(jwt.key, hub_options.negotiate_timeout,
                                            hub_options.negotiate_tokens, hub_options.node_url);
  signalr::HubEndpoint hub(shards, hub_services, bearer_tokens, secrets, negotiate_tokens);
  if (external_tokens) hub.setPrincipalResolver(&external_principals);
  signalr::HubEndpoint::mountRoutes(router, &hub);

  // Several nodes: what each stores reaches the others' subscribers through Redis, and
  // the sweep reads from the database whatever Redis lost. One node has neither.
  std::unique_ptr<backplane::RedisBackplane> bus;
  std::unique_ptr<backplane::RedisRateLimits> shared_limits;
  std::unique_ptr<backplane::RedisUserConnections> cluster_connections;
  signalr::FollowedGroups followed([&bus](GroupId group, bool following) {
    if (bus) bus->follow(group, following);
  });
  for (auto& shard : shards) {
    shard->subscriptions().onInterestChanged(
        [&followed](GroupId group, bool interested) { followed.loopInterest(group, interested); });
  }
  signalr::GroupSweep sweep(loops.at(0), workers, use_cases, followed, shards, config.sweep);
  if (redis_url) {
    const std::string node_id = config.node_id.empty() ? defaultNodeId(secrets) : config.node_id;
    if (!backplane::validNodeId(node_id)) {
      return fail("Invalid --node-id", Error::invalid("use letters, digits, '.', '_' and '-'"));
    }
    signalr::Backplane::Listener listener{
        .delivered = [&events](const signalr::GroupDelivery& d) { events.deliverLocally(d); },
        .member_left = [&events](GroupId group,
                                 UserId user) { events.memberLeftLocally(group, user); },
        .group_event =
            [&events](GroupId group, UserId from, signalr::Audience audience,
                      std::string_view target, boost::json::object argument) {
              events.eventLocally(group, from, audience, target, std::move(argument));
            },
        .session_ended =
            [&session_endings](std::string_view id, Timestamp forget_at) {
              session_endings.endedElsewhere(id, forget_at);
            },
        .link_changed = [&sweep](bool up) { sweep.linkChanged(up); }};
    bus = std::make_unique<backplane::RedisBackplane>(loops.at(0), *redis_url, node_id,
                                                      std::move(listener), clock);
    events.setBackplane(bus.get());
    session_endings.setBackplane(bus.get());
    // What holds per user holds across the nodes: login limits, connections per user.
    shared_limits = std::make_unique<backplane::RedisRateLimits>(loops.at(0), *redis_url);
    context.shared_rate_limits = shared_limits.get();
    cluster_connections = std::make_unique<backplane::RedisUserConnections>(
        loops.at(0), *redis_url, node_id + "." + secrets.randomToken().substr(0, 8),
        [&user_connections] { return user_connections.counts(); });
    user_connections.setCluster(cluster_connections.get());
    api.backplane_up = [&bus] { return bus->up(); };
    spdlog::info("Node {} joins the backplane at {}", node_id, redis_url->describe());
  }

  http::HttpServer server(loops, router, cors, bearer_tokens, config.http);
  if (external_tokens) server.setPrincipalResolver(&external_principals);
  server.setUpgradeHandler(&hub);
  // Requests for a hub connection another node holds are passed on to it.
  signalr::HubRequestForwarding hub_forwarding(negotiate_tokens, hub_options.node_url);
  if (!hub_options.node_url.empty()) server.setRequestForwarding(&hub_forwarding);
  auto port = server.listen();
  if (!port) return fail("Cannot start the server", port.error());
  metrics::serverMetrics().http.setRoutes(router.metricRouteNames());
  api.gauges = [&] {
    std::vector<metrics::GaugeReading> gauges{
        {"hub_connections", "Hub connections open on this node",
         static_cast<double>(user_connections.total())},
        {"http_connections", "TCP connections open (HTTP and hub)",
         static_cast<double>(server.openConnections())},
        {"http_requests_in_flight", "HTTP requests being handled",
         static_cast<double>(server.requestsInFlight())}};
    if (bus) {
      gauges.push_back(
          {"backplane_up", "1 while the Redis backplane is connected", bus->up() ? 1.0 : 0.0});
    }
    return gauges;
  };
  // --metrics-bind: /metrics on an address of its own, e.g. one only Prometheus reaches.
  http::Router metrics_router;
  std::optional<http::HttpServer> metrics_server;
  if (api.metrics_elsewhere) {
    http::mountMetricsRoutes(metrics_router, &api);
    http::HttpServerOptions metrics_options = config.http;
    metrics_options.bind_address = config.metrics_address;
    metrics_options.port = config.metrics_port;
    metrics_options.count_requests = false;
    metrics_server.emplace(loops, metrics_router, cors, checked_tokens, metrics_options);
    auto metrics_port = metrics_server->listen();
    if (!metrics_port) return fail("Cannot serve the metrics", metrics_port.error());
    std::printf("Metrics on: http://%s:%u/metrics\n", config.metrics_address.c_str(),
                *metrics_port);
  }
  boost::asio::io_context signals_context;
  boost::asio::signal_set signals(signals_context, SIGINT, SIGTERM);
  signals.async_wait([](auto, int) {});
  server.start();
  if (metrics_server) metrics_server->start();
  hub.start();
  if (bus) {
    bus->start();
    shared_limits->start();
    cluster_connections->start();
    sweep.start();
  }
  loops.start();
  // The test harnesses wait for this exact line.
  std::printf("Now listening on: http://%s:%u\n", config.http.bind_address.c_str(), *port);
  std::fflush(stdout);
  runtime::notifyReady();

  signals_context.run();

  // The drain: no new connections, readiness fails, every hub client is told to reconnect
  // once the sends it already made are stored and acknowledged, and requests being handled
  // finish; all of it within --shutdown-timeout.
  spdlog::info("Shutting down: draining for up to {} s", config.shutdown_timeout.count());
  draining = true;
  runtime::notifyStopping();
  server.stop();
  if (metrics_server) metrics_server->stop();
  hub.drainAll();
  const auto deadline = std::chrono::steady_clock::now() + config.shutdown_timeout;
  while (server.requestsInFlight() > 0 || user_connections.total() > 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      spdlog::warn("Shutdown timeout: {} requests and {} hub connections cut",
                   server.requestsInFlight(), user_connections.total());
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // The backplane outlives the drain, so the last sends still reach the other nodes.
  if (bus) {
    sweep.stop();
    bus->stop();
    shared_limits->stop();
  }
  if (cluster_connections) cluster_connections->stop();  // after the closes' counts went out
  loops.stop();
  loops.join();
  workers.join();
  hashing.join();
  (*storage)->stopWrites();
  spdlog::info("Stopped");
  return 0;
}

}  // namespace
}  // namespace chat

// NOLINTNEXTLINE(bugprone-exception-escape): an exception left uncaught ends the server
int main(int argc, char** argv) {
  // glibc gives freed memory back to the kernel as soon as a thread's heap top passes
  // 128 KiB; the commit thread's per-batch buffers crossed that every batch, and the
  // madvise and TLB flushes that followed cost more than storing the messages
  // (docs/performance.md). Keep up to 64 MiB of free heap instead.
  mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  chat::admin::AdminCommands admin;
  auto parsed = chat::parseConfig(argc, argv, [&admin](CLI::App& app) { admin.attach(app); });
  if (auto* exit_code = std::get_if<int>(&parsed)) return *exit_code;
  if (admin.chosen()) return admin.run(std::get<chat::Config>(parsed));
  return chat::run(std::get<chat::Config>(parsed));
}
