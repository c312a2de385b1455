#pragma once
// How to reach the database: a libpq connection string (a `postgresql://` URI or
// `key=value` pairs), checked once, with the engine's defaults underneath it and
// optional overrides on top. Immutable after parse(); thread-safe to share.
//
// The password (in the URI, PGPASSWORD or ~/.pgpass: libpq reads them when connecting)
// never appears in description(), which is what logs may show.
#include <string>
#include <utility>
#include <vector>

#include "domain/result.hpp"

namespace chat::postgres {

class ConnectionSettings {
 public:
  using Parameter = std::pair<std::string, std::string>;  // libpq keyword, value

  // kInvalid when libpq can not read `conninfo`. `overrides` replace what the string says
  // (tests use them to pick a schema).
  static Result<ConnectionSettings> parse(const std::string& conninfo,
                                          std::vector<Parameter> overrides = {});

  // For PQconnectdbParams with expand_dbname = 1, in order: later entries win.
  const std::vector<Parameter>& parameters() const { return parameters_; }

  // user@host:port/dbname as far as the string says; never the password.
  const std::string& description() const { return description_; }

 private:
  ConnectionSettings() = default;

  std::vector<Parameter> parameters_;
  std::string description_;
};

}  // namespace chat::postgres
