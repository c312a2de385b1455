#include "cli.hpp"

#include <thread>

#include <CLI/CLI.hpp>

namespace chat::bench {

namespace {

void addCommon(CLI::App& app, CommonOptions& o) {
  app.add_option("--url", o.url,
                 "Server: http://127.0.0.1:PORT (SignalR) or ws://127.0.0.1:PORT/ (raw); "
                 "loopback only")
      ->capture_default_str();
  app.add_option("--threads", o.threads, "I/O threads of the generator; 0 = one per core")
      ->capture_default_str()
      ->check(CLI::Range(0u, 256u));
  app.add_option("--json", o.json_path, "Write the results as JSON to this file");
  app.add_option("--svg", o.svg_path, "Draw the latency distribution as SVG to this file");
  app.add_option("--user-prefix", o.user_prefix,
                 "Benchmark user names are PREFIX0, PREFIX1, ...; registered once, then reused")
      ->capture_default_str();
  app.add_option("--password", o.password, "Password of the benchmark users")
      ->capture_default_str();
  app.add_option("--conns-per-user", o.conns_per_user,
                 "Hub connections per user; at most the server's --hub-max-connections-per-user")
      ->capture_default_str()
      ->check(CLI::Range(1u, 1000000u));
  app.add_option("--prep-threads", o.prep_threads, "Parallel REST requests while preparing")
      ->capture_default_str()
      ->check(CLI::Range(1u, 64u));
  app.add_option("--source-addresses", o.source_addresses,
                 "Spread connections over source addresses 127.0.0.1 .. 127.0.0.N")
      ->capture_default_str()
      ->check(CLI::Range(1u, 254u));
  app.add_option("--connect-concurrency", o.connect_concurrency, "Connections opened at once")
      ->capture_default_str()
      ->check(CLI::Range(1u, 100000u));
  app.add_option("--connect-timeout", o.connect_timeout, "Seconds allowed per connection")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 600.0));
  app.add_option("--connect-deadline", o.connect_deadline, "Seconds allowed to open them all")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 3600.0));
  app.add_option("--transport", o.transport,
                 "Hub connections over websockets, sse (Server-Sent Events + POST) or "
                 "longpolling (long polls + POST)")
      ->capture_default_str()
      ->check(CLI::IsMember({"websockets", "sse", "longpolling"}));
  app.add_option("--hub-protocol", o.hub_protocol,
                 "SignalR hub protocol of the hub connections: json or messagepack (binary; "
                 "not over sse)")
      ->capture_default_str()
      ->check(CLI::IsMember({"json", "messagepack"}));
}

void addLoad(CLI::App& app, LoadOptions& o, bool with_members) {
  if (with_members) {
    app.add_option("--protocol", o.protocol,
                   "signalr, or raw: a plain WebSocket broadcast server (one group, no REST)")
        ->capture_default_str()
        ->check(CLI::IsMember({"signalr", "raw"}));
    app.add_option("--members,-m", o.members, "Receiving connections per group")
        ->capture_default_str()
        ->check(CLI::Range(0u, 1000000u));
    app.add_option("--typing-rate", o.typing_rate,
                   "SendTyping indications per second from the members, spread over the groups "
                   "(JSON hub protocol; the server's --typing-per-second must allow it)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1e7));
  }
  app.add_option("--groups,-g", o.groups, "Groups")
      ->capture_default_str()
      ->check(CLI::Range(1u, 100000u));
  app.add_option("--sender-url", o.sender_url,
                 "Connect the senders here instead (another node of a cluster: every "
                 "delivery then crosses the backplane)");
  app.add_option("--senders,-s", o.senders, "Sending connections")
      ->capture_default_str()
      ->check(CLI::Range(1u, 100000u));
  app.add_option("--rate,-r", o.rate,
                 "Messages per second from all senders together; 0 = as fast as acknowledged")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e8));
  app.add_option("--in-flight", o.in_flight, "Unacknowledged messages allowed per sender")
      ->capture_default_str()
      ->check(CLI::Range(1u, 100000u));
  app.add_option("--duration,-d", o.duration, "Seconds measured")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 3600.0));
  app.add_option("--warmup", o.warmup, "Seconds of sending before the measurement")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 600.0));
  app.add_option("--drain", o.drain,
                 "Seconds allowed after the last send for deliveries and acknowledgements")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 600.0));
  app.add_option("--size", o.size, "Message text length in characters (at least the timestamp)")
      ->capture_default_str()
      ->check(CLI::Range(0u, 1000000u));
}

}  // namespace

std::optional<Options> parseCommandLine(int argc, char** argv, int& exit_code) {
  Options options;
  CLI::App app{
      "chat-bench: a load generator for ChatServer (SignalR, JSON or MessagePack, over "
      "WebSockets, Server-Sent Events or long polling) and plain WebSocket broadcast servers. "
      "Loopback only."};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Help for every subcommand");

  auto* fanout = app.add_subcommand(
      "fanout",
      "G groups x M receiving connections, S senders at a total rate; delivery latency, "
      "throughput, missing and out-of-order messages");
  addCommon(*fanout, options.common);
  addLoad(*fanout, options.load, true);

  auto* send = app.add_subcommand(
      "send",
      "Acknowledged SendMessage invocations per second from many senders into many "
      "groups, nobody receiving");
  LoadOptions send_options;  // its own defaults: many senders and groups, no receivers
  send_options.groups = 100;
  send_options.senders = 100;
  send_options.members = 0;
  send_options.rate = 0;
  send_options.in_flight = 8;
  CommonOptions send_common;
  addCommon(*send, send_common);
  addLoad(*send, send_options, false);

  auto* connections =
      app.add_subcommand("connections",
                         "N authenticated idle hub connections held open: connect rate and the "
                         "server's memory per connection");
  CommonOptions connections_common;
  addCommon(*connections, connections_common);
  connections->add_option("--connections,-n", options.connections.connections, "Connections")
      ->capture_default_str()
      ->check(CLI::Range(1u, 1000000u));
  connections->add_option("--hold", options.connections.hold, "Seconds to hold them open")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));
  connections
      ->add_option("--ping-interval", options.connections.ping_interval,
                   "Seconds between a connection's SignalR pings (the official clients: 15)")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 3600.0));
  connections
      ->add_option("--server-pid", options.connections.server_pid,
                   "The server's process id, to read its memory (VmRSS) before and after")
      ->check(CLI::PositiveNumber);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    exit_code = app.exit(error);
    return std::nullopt;
  }
  if (fanout->parsed()) {
    options.command = "fanout";
  } else if (send->parsed()) {
    options.command = "send";
    options.common = send_common;
    options.load = send_options;
  } else {
    options.command = "connections";
    options.common = connections_common;
  }
  if (options.common.threads == 0) {
    options.common.threads = std::max(1u, std::thread::hardware_concurrency());
  }
  return options;
}

}  // namespace chat::bench
