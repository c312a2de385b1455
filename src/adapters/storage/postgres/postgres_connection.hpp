#pragma once
// One connection to the server (an owned PGconn), with what the repositories run on it:
// single statements, pipelines of statements sent in one round trip, and scripts.
//
// It heals itself: ensureConnected() (re)connects a connection that was never made or
// broke (server restart, network), so that calls succeed again once the server is back.
// While the server stays unreachable it fails fast: after a failed attempt it waits a
// short hold-off before trying again and answers with the last error meanwhile.
//
// Not thread-safe: one thread at a time (the pool lends it out; the message committer
// owns its own).
#include <libpq-fe.h>

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "adapters/storage/postgres/postgres_params.hpp"
#include "adapters/storage/postgres/postgres_result.hpp"
#include "adapters/storage/postgres/postgres_settings.hpp"
#include "domain/result.hpp"

namespace chat::postgres {

struct Statement {
  const char* sql = nullptr;
  Params params{};
};

class Connection {
 public:
  // Does not connect yet; ensureConnected() does.
  explicit Connection(const ConnectionSettings& settings) : settings_(settings) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Ready for statements: connects when there is no live connection (kUnavailable when
  // that fails), and notices one the server closed while it sat idle.
  Status ensureConnected();

  // One statement with parameters (extended protocol).
  Result<QueryResult> query(const char* sql, const Params& params = {});
  // Every statement and then one sync, in one round trip; the results in order. When a
  // statement fails the server skips the rest: its error is returned. Each statement text
  // is prepared once per session (as part of the first pipeline that uses it).
  Result<std::vector<QueryResult>> pipeline(std::span<const Statement> statements);
  // Several statements in one string, without parameters (simple protocol).
  Status script(const char* sql);

  bool inTransaction() const;
  // Ends a transaction that a failure left open; a connection that can not is dropped
  // (the next ensureConnected() makes a new one).
  void rollbackIfOpen();

  // What the last failed statement reported.
  const Failure& lastFailure() const { return last_failure_; }

 private:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds kHoldOff{200};

  // Prepared statements kept per session: the engine's statements are a fixed few; the
  // bound only guards against an unforeseen caller with ever new texts.
  static constexpr std::size_t kMaxPrepared = 64;
  struct Preparing {
    bool sent = false;
    std::string name;
  };

  bool usable();
  void drop();
  Error failed(const PGresult* result, std::string_view operation);
  Result<std::vector<QueryResult>> readPipeline(std::span<const Statement> statements,
                                                std::span<const Preparing> preparing);

  const ConnectionSettings& settings_;
  std::unique_ptr<PGconn, decltype(&PQfinish)> connection_{nullptr, &PQfinish};
  std::optional<Error> last_connect_error_;
  Clock::time_point retry_at_{};
  Failure last_failure_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
  std::uint64_t next_statement_ = 0;
};

}  // namespace chat::postgres
