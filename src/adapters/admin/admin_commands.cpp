#include "adapters/admin/admin_commands.hpp"

#include <fmt/core.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <boost/json.hpp>
#include <functional>
#include <iostream>
#include <optional>
#include <string>

#include "adapters/admin/admin_tools.hpp"
#include "adapters/admin/original_export.hpp"
#include "adapters/storage/storage_maintenance.hpp"
#include "app/administer_groups.hpp"
#include "app/administer_users.hpp"
#include "app/import_original.hpp"

namespace chat::admin {
namespace {

int failed(const Error& error) {
  fmt::print(stderr, "error: {}\n", error.message);
  return 1;
}

int done(const Status& status, const std::string& success) {
  if (!status) return failed(status.error());
  fmt::print("{}\n", success);
  return 0;
}

// A password is never taken from the command line, where `ps` and shell histories show
// it: it is read from stdin (one line), or made up and shown once.
struct Password {
  std::string text;
  bool generated = false;
};

Result<Password> readPassword(bool from_stdin, Secrets& secrets) {
  if (!from_stdin) return Password{secrets.randomToken(), true};
  std::string line;
  if (!std::getline(std::cin, line)) return Error::invalid("no password on stdin");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) return Error::invalid("the password read from stdin is empty");
  return Password{std::move(line), false};
}

void showGenerated(const Password& password) {
  if (password.generated) fmt::print("Password (shown only now): {}\n", password.text);
}

}  // namespace

struct AdminCommands::Choice {
  // Set while parsing by the chosen command's callback (the CLI::App is gone after).
  std::function<int(const Config&)> action;

  std::string user_name;
  std::string first_name;
  std::string last_name;
  std::string email;
  bool password_stdin = false;
  bool status_only = false;
  bool json = false;
  GroupId group_id = 0;
  std::string file;
};

AdminCommands::AdminCommands() : choice_(std::make_unique<Choice>()) {}
AdminCommands::~AdminCommands() = default;

bool AdminCommands::chosen() const {
  return static_cast<bool>(choice_->action);
}

void AdminCommands::attach(CLI::App& app) {
  Choice& c = *choice_;
  // Server flags (--data-dir, --database, --config, ...) may follow the command too.
  auto command = [](CLI::App& parent, const std::string& name, const std::string& help) {
    CLI::App* sub = parent.add_subcommand(name, help);
    sub->fallthrough();
    return sub;
  };
  auto on = [&c](CLI::App* sub, std::function<int(const Config&)> action) {
    sub->callback([&c, action = std::move(action)] { c.action = action; });
  };
  // Most commands work on the opened database: it is opened for them, a failure reported.
  auto on_database = [&on](CLI::App* sub, std::function<int(Tools&)> action) {
    on(sub, [action = std::move(action)](const Config& config) {
      auto tools = Tools::open(config);
      return tools ? action(**tools) : failed(tools.error());
    });
  };
  auto add_password_flag = [&c](CLI::App* sub) {
    sub->add_flag("--password-stdin", c.password_stdin,
                  "Read the password from the first line of stdin; without it one is generated "
                  "and shown once");
  };

  CLI::App* admin = command(app, "admin", "Operate the server's database (run `admin --help`)");
  admin->require_subcommand(1);

  CLI::App* migrate = command(*admin, "migrate",
                              "Apply the schema migrations the database lacks (the server "
                              "also applies them when it starts)");
  migrate->add_flag("--status", c.status_only, "Only show which migrations are applied");
  on(migrate, [&c](const Config& config) {
    auto states = migrationStates(config.database, config.data_dir);
    if (!states) return failed(states.error());
    int pending = 0;
    for (const MigrationState& state : *states) {
      pending += state.applied ? 0 : 1;
      if (c.status_only) {
        fmt::print("{:>4}  {:<8}  {}\n", state.version, state.applied ? "applied" : "pending",
                   state.name);
      }
    }
    if (c.status_only) {
      fmt::print("{} pending\n", pending);
      return 0;
    }
    if (pending == 0) return done({}, "Up to date");
    auto tools = Tools::open(config);
    if (!tools) return failed(tools.error());
    return done({}, fmt::format("Applied {} migration{}", pending, pending == 1 ? "" : "s"));
  });

  CLI::App* user = command(*admin, "user", "Create, lock, unlock, delete accounts");
  user->require_subcommand(1);
  CLI::App* create = command(*user, "create", "Create an account");
  create->add_option("name", c.user_name, "User name")->required();
  create->add_option("--first-name", c.first_name, "First name");
  create->add_option("--last-name", c.last_name, "Last name");
  create->add_option("--email", c.email, "Email address");
  add_password_flag(create);
  on_database(create, [&c](Tools& tools) {
    auto password = readPassword(c.password_stdin, tools.secrets());
    if (!password) return failed(password.error());
    AdministerUsers users(tools.context());
    auto id = users.create({c.first_name, c.last_name, c.email, c.user_name, password->text, ""});
    if (!id) return failed(id.error());
    fmt::print("Created user {} (id {})\n", c.user_name, *id);
    showGenerated(*password);
    return 0;
  });

  CLI::App* reset =
      command(*user, "reset-password", "Give an account a new password and end its sessions");
  reset->add_option("name", c.user_name, "User name")->required();
  add_password_flag(reset);
  on_database(reset, [&c](Tools& tools) {
    auto password = readPassword(c.password_stdin, tools.secrets());
    if (!password) return failed(password.error());
    AdministerUsers users(tools.context());
    if (auto reset = users.resetPassword(c.user_name, password->text); !reset) {
      return failed(reset.error());
    }
    fmt::print("New password set for {}; their sessions end at their next refresh\n", c.user_name);
    showGenerated(*password);
    return 0;
  });

  // lock, unlock, delete: a name, one call, one line.
  using UserAction = Status (AdministerUsers::*)(std::string_view);
  auto user_command = [&](const std::string& name, const std::string& help, UserAction act,
                          const std::string& success) {
    CLI::App* sub = command(*user, name, help);
    sub->add_option("name", c.user_name, "User name")->required();
    on_database(sub, [&c, act, success](Tools& tools) {
      AdministerUsers users(tools.context());
      return done((users.*act)(c.user_name), fmt::format(fmt::runtime(success), c.user_name));
    });
  };
  user_command("lock", "Refuse the account's logins and end its sessions", &AdministerUsers::lock,
               "Locked {}");
  user_command("unlock", "Let a locked account log in again", &AdministerUsers::unlock,
               "Unlocked {}");
  user_command("delete",
               "Erase an account: its name becomes free, its memberships and sessions end, "
               "its messages stay (from a deleted user)",
               &AdministerUsers::erase, "Deleted {}");

  CLI::App* group = command(*admin, "group", "List or delete groups");
  group->require_subcommand(1);
  CLI::App* list = command(*group, "list", "Every group: id, messages, name");
  list->add_flag("--json", c.json, "As a JSON array");
  on_database(list, [&c](Tools& tools) {
    AdministerGroups groups(tools.context());
    auto listing = groups.list();
    if (!listing) return failed(listing.error());
    if (c.json) {
      boost::json::array array;
      for (const GroupListing& g : *listing) {
        array.push_back({{"id", g.id}, {"name", g.name}, {"lastSeq", g.last_seq}});
      }
      fmt::print("{}\n", boost::json::serialize(array));
      return 0;
    }
    fmt::print("{:>8}  {:>10}  {}\n", "id", "messages", "name");
    for (const GroupListing& g : *listing) {
      fmt::print("{:>8}  {:>10}  {}\n", g.id, g.last_seq, g.name);
    }
    return 0;
  });
  CLI::App* remove = command(*group, "delete", "Delete a group with its members and history");
  remove->add_option("id", c.group_id, "The group's id (see `group list`)")
      ->required()
      ->check(CLI::PositiveNumber);
  on_database(remove, [&c](Tools& tools) {
    AdministerGroups groups(tools.context());
    return done(groups.remove(c.group_id), fmt::format("Deleted group {}", c.group_id));
  });

  CLI::App* backup =
      command(*admin, "backup", "Copy the SQLite database to FILE while the server runs");
  backup->add_option("file", c.file, "A new file")->required();
  on(backup, [&c](const Config& config) {
    return done(backupStorage(config.database, config.data_dir, c.file),
                fmt::format("Backed up to {}", c.file));
  });

  CLI::App* import = command(*admin, "import-original",
                             "Move the original ASP.NET Core server's users (with their "
                             "passwords), groups, members and history into an empty database");
  import
      ->add_option("export", c.file,
                   "A JSON file, or a directory of CSV files, one per table (docs/import.md)")
      ->required();
  on(import, [&c](const Config& config) {
    // Read and checked before the database is opened: a bad export changes nothing.
    auto data = readOriginalExport(c.file);
    if (!data) return failed(data.error());
    auto tools = Tools::open(config);
    if (!tools) return failed(tools.error());
    auto report = ImportOriginal((*tools)->context()).handle(*data);
    if (!report) return failed(report.error());
    fmt::print(
        "Imported {} users ({} without a password: set one with `admin user reset-password`), "
        "{} groups, {} memberships, {} messages ({} people had left a group they posted in: "
        "their messages stay, they stay out)\n",
        report->users, report->users_without_password, report->groups, report->memberships,
        report->messages, report->former_members);
    fmt::print("Passwords carry over: each is rehashed to argon2id at its first login\n");
    return 0;
  });

  CLI::App* stats = command(*admin, "stats", "Counts of users, groups, messages; size");
  stats->add_flag("--json", c.json, "As a JSON object");
  on_database(stats, [&c](Tools& tools) {
    auto s = tools.storage().statistics();
    if (!s) return failed(s.error());
    if (c.json) {
      boost::json::object object{{"users", s->users},       {"lockedUsers", s->locked_users},
                                 {"groups", s->groups},     {"memberships", s->memberships},
                                 {"messages", s->messages}, {"bytes", s->bytes}};
      fmt::print("{}\n", boost::json::serialize(object));
      return 0;
    }
    fmt::print(
        "users        {}\nlocked users {}\ngroups       {}\nmemberships  {}\n"
        "messages     {}\nbytes        {}\n",
        s->users, s->locked_users, s->groups, s->memberships, s->messages, s->bytes);
    return 0;
  });
}

int AdminCommands::run(const Config& config) {
  // Results own stdout; the engines' own logging goes to stderr, warnings and up only.
  spdlog::set_default_logger(spdlog::stderr_color_st("admin"));
  spdlog::set_level(spdlog::level::warn);
  return choice_->action(config);
}

}  // namespace chat::admin
