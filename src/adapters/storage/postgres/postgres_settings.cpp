#include "adapters/storage/postgres/postgres_settings.hpp"

#include <libpq-fe.h>

#include <memory>
#include <string_view>

namespace chat::postgres {
namespace {

// Used unless the connection string says otherwise: a server that is down must fail a
// call within seconds, not after the operating system's TCP timeout.
const ConnectionSettings::Parameter kDefaults[] = {
    {"connect_timeout", "2"},
    {"client_encoding", "UTF8"},
    {"application_name", "chatserver"},
};

std::string describe(const PQconninfoOption* options,
                     const std::vector<ConnectionSettings::Parameter>& overrides) {
  auto value = [&](std::string_view keyword) -> std::string {
    for (auto it = overrides.rbegin(); it != overrides.rend(); ++it) {
      if (it->first == keyword) return it->second;
    }
    for (const PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
      if (keyword == option->keyword && option->val != nullptr) return option->val;
    }
    return {};
  };
  std::string host = value("host");
  if (host.empty()) host = value("hostaddr");
  // Appended piece by piece (GCC 12 warns falsely about "/" + std::string).
  std::string text = "postgresql://";
  if (const std::string user = value("user"); !user.empty()) text.append(user).append("@");
  text += host;
  if (const std::string port = value("port"); !port.empty()) text.append(":").append(port);
  text.append("/").append(value("dbname"));
  return text;
}

}  // namespace

Result<ConnectionSettings> ConnectionSettings::parse(const std::string& conninfo,
                                                     std::vector<Parameter> overrides) {
  char* raw_error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(conninfo.c_str(), &raw_error), &PQconninfoFree);
  // libpq's message may quote part of the string, and with it the password: not logged.
  PQfreemem(raw_error);
  if (!options) return Error::invalid("Invalid PostgreSQL connection URL");

  ConnectionSettings settings;
  // Later entries win, and the expanded dbname (the whole string) sits between the
  // defaults and the overrides.
  for (const Parameter& parameter : kDefaults) settings.parameters_.push_back(parameter);
  settings.parameters_.emplace_back("dbname", conninfo);
  settings.description_ = describe(options.get(), overrides);
  for (Parameter& parameter : overrides) settings.parameters_.push_back(std::move(parameter));
  return settings;
}

}  // namespace chat::postgres
