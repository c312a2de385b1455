#include "adapters/storage/memory/memory_storage.hpp"

#include <algorithm>
#include <optional>

namespace chat {

namespace {

// User names compare case-insensitively (ASCII), as in the SQLite engine's name key.
std::string nameKey(std::string_view name) {
  std::string key(name);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return key;
}

struct StoredGroup {
  std::string name;
  std::set<UserId> members;
  Seq last_seq = 0;
  std::int64_t member_version = 0;
  UserId owner = 0;
  std::map<UserId, Seq> read_seq;  // of members only
  bool is_private = false;
  std::set<UserId> admins;
  std::set<UserId> invited;

  std::optional<GroupRole> roleOf(UserId user) const {
    if (!members.contains(user)) return std::nullopt;
    if (user == owner) return GroupRole::kOwner;
    return admins.contains(user) ? GroupRole::kAdmin : GroupRole::kMember;
  }
  bool hiddenFrom(UserId user) const {
    return is_private && !members.contains(user) && !invited.contains(user);
  }
  void drop(UserId user) {
    members.erase(user);
    read_seq.erase(user);
    admins.erase(user);
    ++member_version;
  }
};

struct StoredMessage {
  Message message;
  std::optional<std::string> client_message_id;
};

struct StoredToken {
  RefreshTokenRecord record;
  bool used = false;
  bool revoked = false;
};

}  // namespace

struct MemoryStorage::State {
  std::mutex mutex;
  bool writes_stopped = false;
  std::map<UserId, User> users;
  std::map<std::string, UserId> user_by_key;
  UserId next_user = 1;
  std::map<GroupId, StoredGroup> groups;
  GroupId next_group = 1;
  std::map<GroupId, std::vector<StoredMessage>> messages;           // in seq order
  std::map<MessageId, std::pair<GroupId, std::size_t>> message_at;  // its place in `messages`
  std::map<GroupId, std::vector<TimelineEntry>> changes;            // in seq order
  std::map<std::pair<UserId, std::string>, Message> by_client_id;
  MessageId next_message = 1;
  std::map<std::string, StoredToken> tokens;
  std::map<std::pair<std::string, std::string>, UserId> external_identities;
  std::set<std::string> revoked_families;
};

class MemoryStorage::MemoryUsers final : public Users {
 public:
  explicit MemoryUsers(State& state) : state_(state) {}

  Result<AddedUser> add(const NewUser& user, Timestamp now) override {
    std::lock_guard lock(state_.mutex);
    return addLocked(user, now);
  }
  Result<std::optional<User>> findByExternalIdentity(ExternalIdentityKey identity) override {
    std::lock_guard lock(state_.mutex);
    auto it = state_.external_identities.find(linkKey(identity));
    if (it == state_.external_identities.end()) return std::optional<User>();
    return std::optional<User>(state_.users.at(it->second));
  }
  Result<AddedUser> addExternal(const NewUser& user, ExternalIdentityKey identity,
                                Timestamp now) override {
    std::lock_guard lock(state_.mutex);
    const auto key = linkKey(identity);
    if (auto it = state_.external_identities.find(key); it != state_.external_identities.end()) {
      return AddedUser{AddUserOutcome::kAlreadyLinked, it->second};
    }
    const AddedUser added = addLocked(user, now);
    if (added.outcome == AddUserOutcome::kAdded) state_.external_identities[key] = added.id;
    return added;
  }
  Result<std::optional<User>> findByName(std::string_view user_name) override {
    std::lock_guard lock(state_.mutex);
    auto it = state_.user_by_key.find(nameKey(user_name));
    if (it == state_.user_by_key.end()) return std::optional<User>();
    return std::optional<User>(state_.users.at(it->second));
  }
  Result<std::optional<User>> findById(UserId id) override {
    std::lock_guard lock(state_.mutex);
    auto it = state_.users.find(id);
    if (it == state_.users.end()) return std::optional<User>();
    return std::optional<User>(it->second);
  }
  Result<bool> setPasswordHash(UserId id, std::string_view password_hash) override {
    std::lock_guard lock(state_.mutex);
    auto it = state_.users.find(id);
    if (it == state_.users.end()) return false;
    it->second.password_hash = password_hash;
    return true;
  }
  Result<bool> setLocked(UserId id, bool locked) override {
    std::lock_guard lock(state_.mutex);
    auto it = state_.users.find(id);
    if (it == state_.users.end()) return false;
    it->second.locked = locked;
    return true;
  }
  Result<bool> erase(UserId id) override {
    std::lock_guard lock(state_.mutex);
    auto it = state_.users.find(id);
    const std::string name = erasedUserName(id);
    if (it == state_.users.end() || it->second.user_name == name) return false;
    state_.user_by_key.erase(nameKey(it->second.user_name));
    it->second = User{id, name, "", "", "", "", true};
    state_.user_by_key[name] = id;
    for (auto& [group_id, group] : state_.groups) {
      if (group.members.contains(id)) group.drop(id);
      group.invited.erase(id);
    }
    std::erase_if(state_.tokens,
                  [id](const auto& entry) { return entry.second.record.user_id == id; });
    std::erase_if(state_.external_identities,
                  [id](const auto& entry) { return entry.second == id; });
    return true;
  }

 private:
  static std::pair<std::string, std::string> linkKey(ExternalIdentityKey identity) {
    return {std::string(identity.issuer), std::string(identity.subject)};
  }
  // Call with state_.mutex held.
  AddedUser addLocked(const NewUser& user, Timestamp) {
    const std::string key = nameKey(user.user_name);
    if (state_.user_by_key.contains(key)) return AddedUser{AddUserOutcome::kNameTaken, 0};
    const UserId id = state_.next_user++;
    state_.users[id] =
        User{id, user.user_name, user.first_name, user.last_name, user.email, user.password_hash};
    state_.user_by_key[key] = id;
    return AddedUser{AddUserOutcome::kAdded, id};
  }

  State& state_;
};

class MemoryStorage::MemoryGroups final : public Groups {
 public:
  explicit MemoryGroups(State& state) : state_(state) {}

  Result<Created> create(std::string_view name, UserId owner, GroupVisibility visibility,
                         Timestamp) override {
    std::lock_guard lock(state_.mutex);
    if (!state_.users.contains(owner)) return Created{CreateGroupOutcome::kNoSuchOwner, 0};
    const GroupId id = state_.next_group++;
    StoredGroup& group = state_.groups[id];
    group.name = name;
    group.members.insert(owner);
    group.owner = owner;
    group.is_private = visibility == GroupVisibility::kPrivate;
    return Created{CreateGroupOutcome::kCreated, id};
  }
  Result<std::vector<GroupSummary>> list(UserId viewer) override {
    std::lock_guard lock(state_.mutex);
    std::vector<GroupSummary> summaries;
    for (const auto& [id, group] : state_.groups) {
      if (group.hiddenFrom(viewer)) continue;
      GroupSummary summary;
      summary.id = id;
      summary.name = group.name;
      summary.is_member = group.members.contains(viewer);
      summary.is_private = group.is_private;
      summary.invited = group.invited.contains(viewer);
      if (summary.is_member) {
        summary.role = *group.roleOf(viewer);
        summary.last_seq = group.last_seq;
        auto read = group.read_seq.find(viewer);
        summary.last_read_seq = read == group.read_seq.end() ? 0 : read->second;
        summary.uncounted_seqs = uncountedAfter(id, summary.last_read_seq);
        auto messages = state_.messages.find(id);
        if (messages != state_.messages.end() && !messages->second.empty()) {
          summary.last_message = messages->second.back().message;
        }
      }
      summaries.push_back(std::move(summary));
    }
    return summaries;
  }
  Result<JoinOutcome> addMember(GroupId group, UserId user, int max_members, Timestamp) override {
    std::lock_guard lock(state_.mutex);
    auto it = state_.groups.find(group);
    if (it == state_.groups.end() || it->second.hiddenFrom(user)) return JoinOutcome::kNoSuchGroup;
    auto& members = it->second.members;
    if (members.contains(user)) return JoinOutcome::kAlreadyMember;
    if (max_members > 0 && members.size() >= static_cast<std::size_t>(max_members)) {
      return JoinOutcome::kGroupFull;
    }
    if (!state_.users.contains(user)) return JoinOutcome::kNoSuchUser;
    members.insert(user);
    it->second.invited.erase(user);
    it->second.read_seq[user] = it->second.last_seq;
    return JoinOutcome::kJoined;
  }
  Result<LeaveOutcome> removeMember(GroupId group, UserId user) override {
    std::lock_guard lock(state_.mutex);
    auto it = state_.groups.find(group);
    if (it == state_.groups.end() || it->second.hiddenFrom(user)) return LeaveOutcome::kNoSuchGroup;
    StoredGroup& stored = it->second;
    const auto role = stored.roleOf(user);
    if (!role) return LeaveOutcome::kNotMember;
    if (!mayLeave(*role, static_cast<std::int64_t>(stored.members.size()))) {
      return LeaveOutcome::kOwnerStays;
    }
    stored.drop(user);
    return LeaveOutcome::kLeft;
  }
  Result<Membership> membership(GroupId group, UserId user) override {
    std::lock_guard lock(state_.mutex);
    auto it = state_.groups.find(group);
    if (it == state_.groups.end() || it->second.hiddenFrom(user)) return Membership::kNoSuchGroup;
    return it->second.members.contains(user) ? Membership::kMember : Membership::kNotMember;
  }
  Result<MarkedRead> markRead(GroupId group, UserId user, Seq seq) override {
    std::lock_guard lock(state_.mutex);
    auto it = state_.groups.find(group);
    if (it == state_.groups.end()) return MarkedRead{MarkReadOutcome::kNoSuchGroup, {}};
    StoredGroup& stored = it->second;
    if (!stored.members.contains(user)) {
      return MarkedRead{
          stored.is_private ? MarkReadOutcome::kNoSuchGroup : MarkReadOutcome::kNotMember, {}};
    }
    Seq& read = stored.read_seq[user];
    read = std::max(read, std::min(seq, stored.last_seq));
    return MarkedRead{MarkReadOutcome::kMarked,
                      {group, read, stored.last_seq, uncountedAfter(group, read)}};
  }
  Result<std::vector<GroupMember>> members(GroupId group, UserId after, int limit) override {
    std::lock_guard lock(state_.mutex);
    std::vector<GroupMember> found;
    auto it = state_.groups.find(group);
    if (it == state_.groups.end()) return found;
    const StoredGroup& stored = it->second;
    for (auto user = stored.members.upper_bound(after);
         user != stored.members.end() && static_cast<int>(found.size()) < limit; ++user) {
      auto account = state_.users.find(*user);
      found.push_back({*user, account == state_.users.end() ? "" : account->second.user_name,
                       *stored.roleOf(*user)});
    }
    return found;
  }
  Result<std::vector<GroupId>> groupsOf(UserId user) override {
    std::lock_guard lock(state_.mutex);
    std::vector<GroupId> found;
    for (const auto& [id, group] : state_.groups) {
      if (group.members.contains(user)) found.push_back(id);
    }
    return found;
  }
  Result<bool> remove(GroupId group) override {
    std::lock_guard lock(state_.mutex);
    if (state_.groups.erase(group) == 0) return false;
    state_.messages.erase(group);
    state_.changes.erase(group);
    std::erase_if(state_.message_at,
                  [group](const auto& entry) { return entry.second.first == group; });
    std::erase_if(state_.by_client_id,
                  [group](const auto& entry) { return entry.second.group_id == group; });
    return true;
  }
  Result<std::vector<GroupHead>> heads(std::span<const GroupId> groups) override {
    std::lock_guard lock(state_.mutex);
    std::vector<GroupHead> heads;
    for (GroupId id : std::set<GroupId>(groups.begin(), groups.end())) {
      auto it = state_.groups.find(id);
      if (it != state_.groups.end()) {
        heads.push_back(GroupHead{id, it->second.last_seq, it->second.member_version});
      }
    }
    return heads;
  }
  Result<ChangedMember> changeMember(const MemberChangeRequest& request,
                                     const MemberJudge& judge) override {
    std::lock_guard lock(state_.mutex);
    auto it = state_.groups.find(request.group);
    if (it == state_.groups.end()) return ChangedMember{MemberChangeOutcome::kNoSuchGroup, {}};
    auto account = state_.users.find(request.target);
    if (account == state_.users.end()) {
      return ChangedMember{MemberChangeOutcome::kNoSuchUser, {}};
    }
    StoredGroup& group = it->second;
    MemberFacts facts;
    facts.is_private = group.is_private;
    facts.actor = group.roleOf(request.by);
    facts.target = group.roleOf(request.target);
    facts.target_invited = group.invited.contains(request.target);
    auto verdict = judge(facts);
    if (!verdict) return verdict.error();
    GroupMember target{request.target, account->second.user_name,
                       facts.target.value_or(GroupRole::kMember)};
    const bool was_member = facts.target.has_value();
    if (*verdict == MemberVerdict::kNothingToDo) {
      return ChangedMember{MemberChangeOutcome::kUnchanged, std::move(target), was_member};
    }
    switch (request.action) {
      case MemberAction::kInvite:
        group.invited.insert(request.target);
        break;
      case MemberAction::kRemove:
        group.invited.erase(request.target);
        if (was_member) group.drop(request.target);
        break;
      case MemberAction::kMakeAdmin:
        group.admins.insert(request.target);
        break;
      case MemberAction::kMakeMember:
        group.admins.erase(request.target);
        break;
      case MemberAction::kHandOver:
        group.owner = request.target;
        group.admins.erase(request.target);
        group.admins.insert(request.by);
        break;
    }
    target.role = roleAfter(request.action, facts.target).value_or(GroupRole::kMember);
    return ChangedMember{MemberChangeOutcome::kChanged, std::move(target), was_member};
  }

 private:
  // Of the group's seqs above `seq`, how many are not unread messages: the changes, and
  // the messages deleted since (the caller holds the mutex).
  Seq uncountedAfter(GroupId group, Seq seq) const {
    auto it = state_.changes.find(group);
    if (it == state_.changes.end()) return 0;
    Seq uncounted = 0;
    for (const TimelineEntry& change : it->second) {
      if (change.seq <= seq) continue;
      ++uncounted;
      if (change.kind == TimelineEntry::Kind::kDelete && change.message.seq > seq) ++uncounted;
    }
    return uncounted;
  }
  State& state_;
};

class MemoryStorage::MemoryMessages final : public Messages {
 public:
  explicit MemoryMessages(State& state) : state_(state) {}

  void append(NewMessage message, Appended done) override { done(store(message)); }

  Result<std::vector<Message>> page(const HistoryQuery& query) override {
    std::lock_guard lock(state_.mutex);
    std::vector<Message> selected;
    if (query.limit <= 0) return selected;
    auto it = state_.messages.find(query.group_id);
    if (it == state_.messages.end()) return selected;
    const auto& stored = it->second;
    const auto limit = static_cast<std::size_t>(query.limit);
    auto in_range = [&](Seq seq) {
      return (!query.before || seq < *query.before) && (!query.after || seq > *query.after);
    };
    // As the SQLite engine: with only `after` walk forward from it, otherwise the newest
    // below `before`; either way oldest first.
    if (query.after && !query.before) {
      for (const StoredMessage& m : stored) {
        if (selected.size() == limit) break;
        if (in_range(m.message.seq)) selected.push_back(m.message);
      }
    } else {
      for (auto m = stored.rbegin(); m != stored.rend() && selected.size() < limit; ++m) {
        if (in_range(m->message.seq)) selected.push_back(m->message);
      }
      std::reverse(selected.begin(), selected.end());
    }
    // The sender's name as it is now, as the SQL engines join it (an erased account's).
    for (Message& m : selected) m.sender_name = state_.users.at(m.sender_id).user_name;
    return selected;
  }

  Result<ChangedMessage> change(const MessageChangeRequest& request,
                                const ChangeJudge& judge) override {
    std::lock_guard lock(state_.mutex);
    if (state_.writes_stopped) return Error::unavailable("The server is shutting down");
    auto at = state_.message_at.find(request.message_id);
    if (at == state_.message_at.end()) return ChangedMessage{ChangeOutcome::kNoSuchMessage, {}};
    const auto [group_id, index] = at->second;
    Message& message = state_.messages.at(group_id).at(index).message;
    message.sender_name = state_.users.at(message.sender_id).user_name;
    StoredGroup& group = state_.groups.at(group_id);
    auto verdict = judge(message, group.roleOf(request.by));
    if (!verdict) return verdict.error();
    if (*verdict == ChangeVerdict::kNothingToDo) {
      return ChangedMessage{ChangeOutcome::kUnchanged, message};
    }
    message = applyChange(message, request, ++group.last_seq);
    auto& changes = state_.changes[group_id];
    if (request.kind == MessageChangeKind::kDelete) {
      // What the message said is gone, from its earlier edits too.
      for (TimelineEntry& earlier : changes) {
        if (earlier.message.id == message.id) earlier.message.text.clear();
      }
    }
    changes.push_back({message.change_seq,
                       request.kind == MessageChangeKind::kEdit ? TimelineEntry::Kind::kEdit
                                                                : TimelineEntry::Kind::kDelete,
                       message});
    return ChangedMessage{ChangeOutcome::kChanged, message};
  }

  Result<std::vector<TimelineEntry>> changesAfter(GroupId group, Seq after, int limit) override {
    std::lock_guard lock(state_.mutex);
    std::vector<TimelineEntry> selected;
    auto it = state_.changes.find(group);
    if (it == state_.changes.end()) return selected;
    for (const TimelineEntry& change : it->second) {
      if (static_cast<int>(selected.size()) >= limit) break;
      if (change.seq > after) selected.push_back(change);
    }
    for (TimelineEntry& change : selected) {
      change.message.sender_name = state_.users.at(change.message.sender_id).user_name;
    }
    return selected;
  }

  Result<std::vector<Message>> search(const MessageSearch& search) override {
    std::lock_guard lock(state_.mutex);
    std::vector<Message> found;
    for (const auto& [group_id, group] : state_.groups) {
      if (!group.members.contains(search.reader)) continue;
      if (search.group && *search.group != group_id) continue;
      auto it = state_.messages.find(group_id);
      if (it == state_.messages.end()) continue;
      for (const StoredMessage& m : it->second) {
        if (search.before && m.message.id >= *search.before) continue;
        if (m.message.deleted_on || !matchesWords(m.message.text, search.words)) continue;
        found.push_back(m.message);
      }
    }
    std::sort(found.begin(), found.end(),
              [](const Message& a, const Message& b) { return a.id > b.id; });
    if (found.size() > static_cast<std::size_t>(std::max(search.limit, 0))) {
      found.resize(static_cast<std::size_t>(std::max(search.limit, 0)));
    }
    for (Message& m : found) m.sender_name = state_.users.at(m.sender_id).user_name;
    return found;
  }

 private:
  Result<AppendedMessage> store(const NewMessage& message) {
    std::lock_guard lock(state_.mutex);
    if (state_.writes_stopped) return Error::unavailable("The server is shutting down");
    if (message.client_message_id) {
      auto earlier = state_.by_client_id.find({message.sender_id, *message.client_message_id});
      if (earlier != state_.by_client_id.end()) {
        return AppendedMessage{AppendOutcome::kDuplicate, earlier->second};
      }
    }
    auto group = state_.groups.find(message.group_id);
    if (group == state_.groups.end()) return AppendedMessage{AppendOutcome::kNoSuchGroup, {}};
    if (!group->second.members.contains(message.sender_id)) {
      return AppendedMessage{
          group->second.is_private ? AppendOutcome::kNoSuchGroup : AppendOutcome::kNotMember, {}};
    }
    Message stored;
    stored.id = state_.next_message++;
    stored.group_id = message.group_id;
    stored.seq = ++group->second.last_seq;
    stored.sender_id = message.sender_id;
    stored.sender_name = state_.users.at(message.sender_id).user_name;
    stored.text = message.text;
    stored.sent_on = message.sent_on;
    auto& group_messages = state_.messages[message.group_id];
    state_.message_at[stored.id] = {message.group_id, group_messages.size()};
    group_messages.push_back({stored, message.client_message_id});
    if (message.client_message_id) {
      state_.by_client_id[{message.sender_id, *message.client_message_id}] = stored;
    }
    return AppendedMessage{AppendOutcome::kStored, std::move(stored)};
  }

  State& state_;
};

class MemoryStorage::MemoryRefreshTokens final : public RefreshTokens {
 public:
  explicit MemoryRefreshTokens(State& state) : state_(state) {}

  Status store(const RefreshTokenRecord& token) override {
    std::lock_guard lock(state_.mutex);
    // A digest is unique, as the SQLite engine's primary key makes it.
    if (state_.tokens.contains(token.digest)) {
      return Error::internal("a refresh token digest was stored twice");
    }
    const bool revoked = state_.revoked_families.contains(token.family);
    state_.tokens[token.digest] = StoredToken{token, false, revoked};
    return {};
  }
  Result<ConsumedRefreshToken> consume(std::string_view digest, Timestamp now) override {
    std::lock_guard lock(state_.mutex);
    ConsumedRefreshToken consumed;
    auto it = state_.tokens.find(std::string(digest));
    if (it == state_.tokens.end()) return consumed;
    StoredToken& stored = it->second;
    consumed.record = stored.record;
    // Precedence as in the SQLite engine: revoked, then reused, then expired.
    if (stored.revoked) {
      consumed.state = RefreshTokenState::kRevoked;
    } else if (stored.used) {
      consumed.state = RefreshTokenState::kReused;
    } else if (stored.record.expires_at <= now) {
      consumed.state = RefreshTokenState::kExpired;
    } else {
      stored.used = true;
      consumed.state = RefreshTokenState::kValid;
    }
    return consumed;
  }
  Status revokeFamily(std::string_view family) override {
    std::lock_guard lock(state_.mutex);
    state_.revoked_families.emplace(family);
    for (auto& [digest, stored] : state_.tokens) {
      if (stored.record.family == family) stored.revoked = true;
    }
    return {};
  }
  Status revokeUser(UserId user) override {
    std::lock_guard lock(state_.mutex);
    for (auto& [digest, stored] : state_.tokens) {
      if (stored.record.user_id == user) {
        stored.revoked = true;
        state_.revoked_families.insert(stored.record.family);
      }
    }
    return {};
  }

 private:
  State& state_;
};

MemoryStorage::MemoryStorage()
    : state_(std::make_unique<State>()),
      users_(std::make_unique<MemoryUsers>(*state_)),
      groups_(std::make_unique<MemoryGroups>(*state_)),
      messages_(std::make_unique<MemoryMessages>(*state_)),
      refresh_tokens_(std::make_unique<MemoryRefreshTokens>(*state_)) {}

MemoryStorage::~MemoryStorage() = default;

Users& MemoryStorage::users() {
  return *users_;
}
Groups& MemoryStorage::groups() {
  return *groups_;
}
Messages& MemoryStorage::messages() {
  return *messages_;
}
RefreshTokens& MemoryStorage::refreshTokens() {
  return *refresh_tokens_;
}

Result<StorageStatistics> MemoryStorage::statistics() {
  std::lock_guard lock(state_->mutex);
  StorageStatistics statistics;
  for (const auto& [id, user] : state_->users) {
    if (user.user_name.starts_with('#')) continue;
    ++statistics.users;
    if (user.locked) ++statistics.locked_users;
  }
  statistics.groups = static_cast<std::int64_t>(state_->groups.size());
  for (const auto& [id, group] : state_->groups) {
    statistics.memberships += static_cast<std::int64_t>(group.members.size());
  }
  for (const auto& [id, messages] : state_->messages) {
    statistics.messages += static_cast<std::int64_t>(messages.size());
  }
  return statistics;
}

void MemoryStorage::stopWrites() {
  std::lock_guard lock(state_->mutex);
  state_->writes_stopped = true;
}

}  // namespace chat
