#include "app/import_original.hpp"

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "domain/text.hpp"
#include "domain/validation.hpp"

namespace chat {
namespace {

using Row = std::int64_t;

std::string lowerCase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

constexpr const char* kNotUtf8 = "the text is not UTF-8 (export the tables as UTF-8)";

// What is to be written, worked out and checked before the first write.
struct Plan {
  struct User {
    NewUser account;
    Timestamp created;
    UserId id = 0;  // once stored
  };
  struct Member {
    std::size_t user = 0;
    Timestamp joined;
  };
  struct Message {
    const OriginalExport::Message* row = nullptr;
    std::size_t sender = 0;
  };
  struct Group {
    std::string name;
    Timestamp created;
    std::vector<Member> members;    // the first is the owner
    std::vector<Message> messages;  // oldest first
    // Members only while the messages are stored: people who posted and later left (only
    // a member can post here), and the stand-in owner of a group no one was in.
    std::vector<std::size_t> leave_after;
  };

  std::vector<User> users;
  std::vector<Group> groups;
  ImportReport report;
};

class Planner {
 public:
  Planner(const OriginalExport& data, Timestamp now) : data_(data), now_(now) {}

  Result<Plan> plan() {
    if (auto status = planAccounts(); !status) return status.error();
    if (auto status = planPlayers(); !status) return status.error();
    if (auto status = planGroups(); !status) return status.error();
    if (auto status = planMemberships(); !status) return status.error();
    if (auto status = planMessages(); !status) return status.error();
    if (auto status = chooseOwners(); !status) return status.error();
    return std::move(plan_);
  }

 private:
  static Error rowError(std::string_view table, std::string_view row, std::string_view what) {
    return Error::invalid(std::string(table) + " row " + std::string(row) + ": " +
                          std::string(what));
  }

  Result<std::size_t> addUser(std::string_view table, std::string_view row,
                              std::string_view user_name) {
    if (auto valid = validateUserName(user_name); !valid) {
      return rowError(table, row, valid.error().message);
    }
    const std::string key = lowerCase(user_name);
    if (by_name_.contains(key)) {
      return rowError(table, row, "a second account named " + std::string(user_name));
    }
    Plan::User user;
    user.account.user_name = std::string(user_name);
    user.created = now_;
    plan_.users.push_back(std::move(user));
    by_name_[key] = plan_.users.size() - 1;
    return plan_.users.size() - 1;
  }

  Status planAccounts() {
    for (const OriginalExport::Account& account : data_.accounts) {
      auto user = addUser("AspNetUsers", account.id, account.user_name);
      if (!user) return user.error();
      if (!by_account_.emplace(account.id, *user).second) {
        return rowError("AspNetUsers", account.id, "the Id appears twice");
      }
      plan_.users[*user].account.email = account.email;
      plan_.users[*user].account.password_hash = account.password_hash;
    }
    return {};
  }

  // A player is the login its IdentityId names, or else the account of its name (the
  // original wrote the two rows without a transaction, so either may be missing).
  Status planPlayers() {
    for (const OriginalExport::Player& player : data_.players) {
      const std::string row = std::to_string(player.id);
      std::size_t user = 0;
      if (auto account = by_account_.find(player.identity_id); account != by_account_.end()) {
        user = account->second;
      } else if (auto named = by_name_.find(lowerCase(player.user_name)); named != by_name_.end()) {
        user = named->second;
      } else {
        auto added = addUser("Players", row, player.user_name);
        if (!added) return added.error();
        user = *added;
        ++plan_.report.users_without_password;
      }
      if (!by_player_.emplace(player.id, user).second) {
        return rowError("Players", row, "the Id appears twice");
      }
      if (!utf8Length(player.first_name) || !utf8Length(player.last_name)) {
        return rowError("Players", row, kNotUtf8);
      }
      Plan::User& planned = plan_.users[user];
      if (planned.account.first_name.empty()) planned.account.first_name = player.first_name;
      if (planned.account.last_name.empty()) planned.account.last_name = player.last_name;
      if (player.created) planned.created = std::min(planned.created, *player.created);
    }
    plan_.report.users = static_cast<std::int64_t>(plan_.users.size());
    return {};
  }

  Status planGroups() {
    for (const OriginalExport::Group& group : data_.groups) {
      if (!by_group_.emplace(group.id, plan_.groups.size()).second) {
        return rowError("Groups", std::to_string(group.id), "the Id appears twice");
      }
      if (!utf8Length(group.name)) {
        return rowError("Groups", std::to_string(group.id), kNotUtf8);
      }
      Plan::Group planned;
      // The original allowed a group without a name; here every group has one.
      planned.name = group.name.empty() ? "Group " + std::to_string(group.id) : group.name;
      planned.created = group.created.value_or(now_);
      plan_.groups.push_back(std::move(planned));
    }
    plan_.report.groups = static_cast<std::int64_t>(plan_.groups.size());
    return {};
  }

  Result<std::pair<std::size_t, std::size_t>> resolve(std::string_view table, Row row, Row player,
                                                      Row group) {
    auto user = by_player_.find(player);
    if (user == by_player_.end()) {
      return rowError(table, std::to_string(row), "no Players row " + std::to_string(player));
    }
    auto found = by_group_.find(group);
    if (found == by_group_.end()) {
      return rowError(table, std::to_string(row), "no Groups row " + std::to_string(group));
    }
    return std::pair{user->second, found->second};
  }

  // The original did not stop a player being mapped to a group twice; once is kept.
  bool addMember(std::size_t group, std::size_t user, Timestamp joined) {
    auto& members = plan_.groups[group].members;
    const bool known = std::any_of(members.begin(), members.end(),
                                   [user](const Plan::Member& m) { return m.user == user; });
    if (!known) members.push_back({user, joined});
    return !known;
  }

  template <typename Rows>
  static std::vector<const typename Rows::value_type*> inOrder(const Rows& rows) {
    std::vector<const typename Rows::value_type*> ordered;
    ordered.reserve(rows.size());
    for (const auto& row : rows) ordered.push_back(&row);
    // Oldest first; the Id breaks ties (and orders rows without a time).
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto* a, const auto* b) {
      const Timestamp at = a->created.value_or(Timestamp{}), bt = b->created.value_or(Timestamp{});
      return at != bt ? at < bt : a->id < b->id;
    });
    return ordered;
  }

  Status planMemberships() {
    for (const OriginalExport::Membership* mapping : inOrder(data_.memberships)) {
      auto resolved =
          resolve("PlayerGroupMappings", mapping->id, mapping->player_id, mapping->group_id);
      if (!resolved) return resolved.error();
      if (addMember(resolved->second, resolved->first, mapping->created.value_or(now_))) {
        ++plan_.report.memberships;
      }
    }
    return {};
  }

  Status planMessages() {
    for (const OriginalExport::Message* message : inOrder(data_.messages)) {
      auto resolved =
          resolve("MessageHistories", message->id, message->player_id, message->group_id);
      if (!resolved) return resolved.error();
      if (!message_ids_.insert(message->id).second) {
        return rowError("MessageHistories", std::to_string(message->id), "the Id appears twice");
      }
      if (!utf8Length(message->text)) {
        return rowError("MessageHistories", std::to_string(message->id), kNotUtf8);
      }
      const std::size_t user = resolved->first;
      const std::size_t group = resolved->second;
      Plan::Group& planned = plan_.groups[group];
      const bool member = std::any_of(planned.members.begin(), planned.members.end(),
                                      [user](const Plan::Member& m) { return m.user == user; });
      const bool known = std::find(planned.leave_after.begin(), planned.leave_after.end(), user) !=
                         planned.leave_after.end();
      if (!member && !known) {
        planned.leave_after.push_back(user);
        ++plan_.report.former_members;
      }
      planned.messages.push_back({message, user});
    }
    plan_.report.messages = static_cast<std::int64_t>(data_.messages.size());
    return {};
  }

  // Here every group has an owner, its first member; the original had none. A group with
  // no members is owned by whoever posted first (or the first user), who then leaves it.
  Status chooseOwners() {
    for (Plan::Group& group : plan_.groups) {
      if (!group.members.empty()) continue;
      if (plan_.users.empty()) {
        return Error::invalid("The export has groups but no users: a group needs an owner");
      }
      if (group.leave_after.empty()) group.leave_after.push_back(0);
      group.members.push_back({group.leave_after.front(), group.created});
    }
    return {};
  }

  const OriginalExport& data_;
  Timestamp now_;
  Plan plan_;
  std::unordered_map<std::string, std::size_t> by_name_;     // lower-case name -> user
  std::unordered_map<std::string, std::size_t> by_account_;  // AspNetUsers Id -> user
  std::unordered_map<Row, std::size_t> by_player_;           // Players Id -> user
  std::unordered_map<Row, std::size_t> by_group_;            // Groups Id -> group
  std::unordered_set<Row> message_ids_;                      // MessageHistories Ids seen
};

Error partial(const Error& error) {
  return Error{error.kind,
               "The import stopped part way (" + error.message +
                   "); empty the database before importing again",
               0, error.detail};
}

// Appends every group's messages in their order, several groups at a time: each group's
// next append waits for its previous one, so seqs follow the original order on every
// engine, while appends of different groups share the engine's commits.
class OrderedAppender {
 public:
  explicit OrderedAppender(Messages& messages) : messages_(messages) {}

  Status run(std::vector<std::vector<NewMessage>> per_group) {
    constexpr std::size_t kGroupsInFlight = 64;
    std::vector<std::size_t> next(per_group.size(), 0);
    std::size_t started = 0;
    std::size_t in_flight = 0;
    auto start = [&](std::size_t group) {
      if (next[group] == per_group[group].size()) return;
      ++in_flight;
      messages_.append(
          std::move(per_group[group][next[group]++]),
          [this, group](Result<AppendedMessage> outcome) { finished(group, std::move(outcome)); });
    };
    while (true) {
      while (started < per_group.size() && in_flight < kGroupsInFlight) start(started++);
      if (in_flight == 0) break;
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] { return !done_.empty(); });
      std::deque<std::size_t> done;
      done.swap(done_);
      const bool failed = failure_.has_value();
      lock.unlock();
      in_flight -= done.size();
      if (failed) continue;  // let what is in flight land, start nothing more
      for (std::size_t group : done) start(group);
    }
    if (failure_) return *failure_;
    return {};
  }

 private:
  void finished(std::size_t group, Result<AppendedMessage> outcome) {
    std::lock_guard lock(mutex_);
    if (!outcome && !failure_) failure_ = outcome.error();
    if (outcome && outcome->outcome != AppendOutcome::kStored && !failure_) {
      failure_ = Error::internal("a message was refused by the database");
    }
    done_.push_back(group);
    changed_.notify_one();
  }

  Messages& messages_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::size_t> done_;
  std::optional<Error> failure_;
};

}  // namespace

Result<ImportReport> ImportOriginal::handle(const OriginalExport& data) {
  auto statistics = context_.storage.statistics();
  if (!statistics) return statistics.error();
  if (statistics->users > 0 || statistics->groups > 0 || statistics->messages > 0) {
    return Error::conflict(
        "The database already has users, groups or messages; import into a new, empty one");
  }
  auto planned = Planner(data, context_.clock.now()).plan();
  if (!planned) return planned.error();
  Plan& plan = *planned;

  for (Plan::User& user : plan.users) {
    auto added = context_.storage.users().add(user.account, user.created);
    if (!added) return partial(added.error());
    if (added->outcome != AddUserOutcome::kAdded) {
      return partial(Error::conflict("the name " + user.account.user_name + " was taken"));
    }
    user.id = added->id;
  }

  std::vector<std::vector<NewMessage>> messages;
  messages.reserve(plan.groups.size());
  std::vector<GroupId> group_ids;
  for (Plan::Group& group : plan.groups) {
    const UserId owner = plan.users[group.members.front().user].id;
    auto created = context_.storage.groups().create(group.name, owner, GroupVisibility::kPublic,
                                                    group.created);
    if (!created) return partial(created.error());
    const GroupId id = created->id;
    group_ids.push_back(id);
    std::vector<Plan::Member> joining(group.members.begin() + 1, group.members.end());
    for (std::size_t user : group.leave_after) {
      if (plan.users[user].id != owner) joining.push_back({user, group.created});
    }
    for (const Plan::Member& member : joining) {
      // No member limit: the original had none, and no one imported is left out.
      auto joined =
          context_.storage.groups().addMember(id, plan.users[member.user].id, 0, member.joined);
      if (!joined) return partial(joined.error());
    }
    std::vector<NewMessage>& group_messages = messages.emplace_back();
    group_messages.reserve(group.messages.size());
    for (const Plan::Message& message : group.messages) {
      NewMessage stored;
      stored.group_id = id;
      stored.sender_id = plan.users[message.sender].id;
      stored.text = message.row->text;
      stored.sent_on = message.row->created.value_or(context_.clock.now());
      // Marks each message as the original's row: the same row is never stored twice.
      stored.client_message_id = "import:" + std::to_string(message.row->id);
      group_messages.push_back(std::move(stored));
    }
  }
  if (auto appended = OrderedAppender(context_.storage.messages()).run(std::move(messages));
      !appended) {
    return partial(appended.error());
  }
  for (std::size_t g = 0; g < plan.groups.size(); ++g) {
    for (std::size_t user : plan.groups[g].leave_after) {
      auto left = context_.storage.groups().removeMember(group_ids[g], plan.users[user].id);
      if (!left) return partial(left.error());
    }
  }
  return plan.report;
}

}  // namespace chat
