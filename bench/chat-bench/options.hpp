#pragma once
// Everything the command line sets, with the defaults shown by --help. Value types.
#include <cstdint>
#include <string>

namespace chat::bench {

struct CommonOptions {
  std::string url = "http://127.0.0.1:5000";
  unsigned threads = 0;  // 0 = one per core
  std::string json_path;
  std::string svg_path;
  std::string user_prefix = "bench";
  std::string password = "bench-password-1";
  unsigned conns_per_user = 100;
  unsigned prep_threads = 8;
  unsigned source_addresses = 16;
  unsigned connect_concurrency = 256;
  double connect_timeout = 30;    // seconds, per connection
  double connect_deadline = 300;  // seconds, for all of them
  // Hub connections: --transport and --hub-protocol (see connection.hpp, hub_encoding.hpp).
  std::string transport = "websockets";  // or "sse", "longpolling"
  std::string hub_protocol = "json";     // or "messagepack"
};

struct LoadOptions {
  std::string protocol = "signalr";  // or "raw"
  // Where the senders connect, when not to --url: another node of a cluster, so that every
  // delivery crosses the backplane.
  std::string sender_url;
  unsigned groups = 10;
  unsigned members = 10;  // connections per group
  unsigned senders = 4;
  double rate = 1000;  // messages per second in total; 0 = as fast as acknowledged
  unsigned in_flight = 16;
  double duration = 10;
  double warmup = 2;
  double drain = 10;
  unsigned size = 0;  // message text length; 0 = just the timestamp fields
  // SendTyping indications per second from the members, over every group, in the window;
  // 0 = none. Each reaches the group's members of other users as a UserTyping.
  double typing_rate = 0;
};

struct ConnectionsOptions {
  unsigned connections = 1000;
  double hold = 10;
  double ping_interval = 15;  // seconds
  int server_pid = 0;
};

struct Options {
  std::string command;  // fanout, send or connections
  CommonOptions common;
  LoadOptions load;
  ConnectionsOptions connections;
};

}  // namespace chat::bench
