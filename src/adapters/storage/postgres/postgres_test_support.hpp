#pragma once
// For tests and benchmarks that need a PostgreSQL server: CHAT_TEST_POSTGRES_URL names one
// where they may create schemas (scripts/start-postgres.sh makes a throwaway one). Each
// TestSchema is a fresh, empty schema of its own that connections reach through their
// search_path, dropped with everything in it afterwards: faster than a database apiece.
// Not thread-safe; one test at a time uses one.
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "adapters/storage/postgres/postgres_connection.hpp"
#include "adapters/storage/postgres/postgres_storage.hpp"

namespace chat::postgres::testing {

// The server tests may use, or nullopt when CHAT_TEST_POSTGRES_URL is unset or empty.
inline std::optional<std::string> testServerUrl() {
  const char* url = std::getenv("CHAT_TEST_POSTGRES_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

class TestSchema {
 public:
  explicit TestSchema(std::string url) : url_(std::move(url)) {
    static std::atomic<int> counter{0};
    std::random_device random;
    name_ = "chat_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
            std::to_string(random() % 1000000);
    created_ = run("CREATE SCHEMA " + name_, /*in_schema=*/false);
  }
  TestSchema(const TestSchema&) = delete;
  TestSchema& operator=(const TestSchema&) = delete;
  ~TestSchema() {
    if (created_) (void)run("DROP SCHEMA " + name_ + " CASCADE", /*in_schema=*/false);
  }

  // Whether the schema exists; error() says why not.
  bool ok() const { return created_.ok(); }
  const Error& error() const { return created_.error(); }
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }

  // Options that make a storage (or connection) work inside this schema.
  PostgresOptions options() const {
    PostgresOptions options;
    options.overrides = overrides();
    return options;
  }
  std::vector<ConnectionSettings::Parameter> overrides() const {
    return {{"options", "-c search_path=" + name_}};
  }

  // Runs `sql` (statements without parameters) on a connection of its own, inside the
  // schema unless told otherwise.
  Status run(const std::string& sql, bool in_schema = true) const {
    auto settings = ConnectionSettings::parse(
        url_, in_schema ? overrides() : std::vector<ConnectionSettings::Parameter>{});
    if (!settings) return settings.error();
    Connection connection(*settings);
    if (auto connected = connection.ensureConnected(); !connected) return connected;
    return connection.script(sql.c_str());
  }

  // The rows of one statement, run inside the schema on a connection of its own.
  Result<QueryResult> query(const std::string& sql, const Params& params = {}) const {
    auto settings = ConnectionSettings::parse(url_, overrides());
    if (!settings) return settings.error();
    Connection connection(*settings);
    if (auto connected = connection.ensureConnected(); !connected) return connected.error();
    return connection.query(sql.c_str(), params);
  }

 private:
  std::string url_;
  std::string name_;
  Status created_ = Error::internal("not created yet");
};

// A storage in a schema of its own, which goes when the storage does.
class SchemaStorage final : public Storage {
 public:
  static Result<std::unique_ptr<SchemaStorage>> open(const std::string& url,
                                                     PostgresOptions options = {}) {
    auto schema = std::make_unique<TestSchema>(url);
    if (!schema->ok()) return schema->error();
    for (auto& parameter : schema->overrides()) options.overrides.push_back(parameter);
    auto storage = PostgresStorage::open(url, std::move(options));
    if (!storage) return storage.error();
    return std::unique_ptr<SchemaStorage>(
        new SchemaStorage(std::move(schema), std::move(storage).value()));
  }

  Users& users() override { return storage_->users(); }
  Groups& groups() override { return storage_->groups(); }
  postgres::MessageRepository& messages() override { return storage_->messages(); }
  RefreshTokens& refreshTokens() override { return storage_->refreshTokens(); }
  Status ping() override { return storage_->ping(); }
  Result<StorageStatistics> statistics() override { return storage_->statistics(); }
  void stopWrites() override { storage_->stopWrites(); }
  const TestSchema& schema() const { return *schema_; }

 private:
  SchemaStorage(std::unique_ptr<TestSchema> schema, std::unique_ptr<PostgresStorage> storage)
      : schema_(std::move(schema)), storage_(std::move(storage)) {}

  std::unique_ptr<TestSchema> schema_;  // dropped after the storage closed
  std::unique_ptr<PostgresStorage> storage_;
};

}  // namespace chat::postgres::testing
