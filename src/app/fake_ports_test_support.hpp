#pragma once
// In-memory fakes of every port, for the use case tests. Each honours its port's contract
// (thread safety, outcomes, error kinds) and records what the tests need to check. A fake
// returns `failure` from every call while it is set, to test that errors pass through.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstddef>
#include <functional>
#include <latch>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/ports/access_tokens.hpp"
#include "app/ports/clock.hpp"
#include "app/ports/group_events.hpp"
#include "app/ports/password_hasher.hpp"
#include "app/ports/secrets.hpp"
#include "app/ports/storage.hpp"
#include "app/use_case_context.hpp"

namespace chat::fakes {

inline std::string lowerAscii(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// A string of `count` copies of `piece` (e.g. a multi-byte character).
inline std::string repeat(std::string_view piece, std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) text += piece;
  return text;
}

class FakeClock : public Clock {
 public:
  // 2024-01-01T00:00:00Z
  static constexpr std::chrono::milliseconds kStart{1704067200000};

  Timestamp now() override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void set(Timestamp t) {
    std::lock_guard lock(mutex_);
    now_ = t;
  }
  void advance(std::chrono::milliseconds d) {
    std::lock_guard lock(mutex_);
    now_ += d;
  }

 private:
  std::mutex mutex_;
  Timestamp now_{kStart};
};

class FakeUsers : public Users {
 public:
  struct Added {
    UserId id;
    Timestamp created;
  };

  Result<AddedUser> add(const NewUser& user, Timestamp now) override {
    std::lock_guard lock(mutex_);
    if (failure) return *failure;
    for (const auto& [id, existing] : users_) {
      if (lowerAscii(existing.user_name) == lowerAscii(user.user_name)) {
        return AddedUser{AddUserOutcome::kNameTaken, 0};
      }
    }
    const UserId id = next_id_++;
    users_[id] =
        User{id, user.user_name, user.first_name, user.last_name, user.email, user.password_hash};
    added_.push_back({id, now});
    return AddedUser{AddUserOutcome::kAdded, id};
  }
  Result<std::optional<User>> findByName(std::string_view user_name) override {
    std::lock_guard lock(mutex_);
    if (failure) return *failure;
    for (const auto& [id, user] : users_) {
      if (lowerAscii(user.user_name) == lowerAscii(user_name)) return std::optional<User>(user);
    }
    return std::optional<User>();
  }
  Result<std::optional<User>> findById(UserId id) override {
    std::lock_guard lock(mutex_);
    if (failure) return *failure;
    auto it = users_.find(id);
    if (it == users_.end()) return std::optional<User>();
    return std::optional<User>(it->second);
  }
  Result<std::optional<User>> findByExternalIdentity(ExternalIdentityKey identity) override {
    std::lock_guard lock(mutex_);
    if (failure) return *failure;
    auto it = links_.find({std::string(identity.issuer), std::string(identity.subject)});
    if (it == links_.end() || !users_.contains(it->second)) return std::optional<User>();
    return std::optional<User>(users_.at(it->second));
  }
  Result<AddedUser> addExternal(const NewUser& user, ExternalIdentityKey identity,
                                Timestamp now) override {
    const std::pair<std::string, std::string> key{identity.issuer, identity.subject};
    {
      std::lock_guard lock(mutex_);
      if (failure) return *failure;
      if (auto it = links_.find(key); it != links_.end()) {
        return AddedUser{AddUserOutcome::kAlreadyLinked, it->second};
      }
    }
    auto added = add(user, now);
    if (added && added->outcome == AddUserOutcome::kAdded) {
      std::lock_guard lock(mutex_);
      links_[key] = added->id;
    }
    return added;
  }
  Result<bool> setPasswordHash(UserId id, std::string_view password_hash) override {
    return change(id, [&](User& user) { user.password_hash = password_hash; });
  }
  Result<bool> setLocked(UserId id, bool locked) override {
    return change(id, [&](User& user) { user.locked = locked; });
  }
  // Only the account itself: memberships and tokens are other fakes' (the engines' one
  // transaction is theirs to test).
  Result<bool> erase(UserId id) override {
    return change(id,
                  [&](User& user) { user = User{id, erasedUserName(id), "", "", "", "", true}; });
  }

  // Test helpers.
  std::optional<User> get(UserId id) {
    std::lock_guard lock(mutex_);
    auto it = users_.find(id);
    return it == users_.end() ? std::nullopt : std::optional<User>(it->second);
  }
  void remove(UserId id) {
    std::lock_guard lock(mutex_);
    users_.erase(id);
  }
  std::size_t size() {
    std::lock_guard lock(mutex_);
    return users_.size();
  }
  std::vector<Added> added() {
    std::lock_guard lock(mutex_);
    return added_;
  }

  std::optional<Error> failure;

 private:
  Result<bool> change(UserId id, const std::function<void(User&)>& apply) {
    std::lock_guard lock(mutex_);
    if (failure) return *failure;
    auto it = users_.find(id);
    if (it == users_.end()) return false;
    apply(it->second);
    return true;
  }

  std::mutex mutex_;
  UserId next_id_ = 1;
  std::map<UserId, User> users_;
  std::map<std::pair<std::string, std::string>, UserId> links_;
  std::vector<Added> added_;
};

class FakeGroups : public Groups {
 public:
  struct Group {
    GroupId id = 0;
    std::string name;
    UserId owner = 0;
    Timestamp created;
    std::set<UserId> members;
    Seq last_seq = 0;  // set by setLastSeq: the fake keeps no messages
    std::map<UserId, Seq> read_seq;
    bool is_private = false;
    std::set<UserId> admins;
    std::set<UserId> invited;

    std::optional<GroupRole> roleOf(UserId user) const {
      if (!members.contains(user)) return std::nullopt;
      if (user == owner) return GroupRole::kOwner;
      return admins.contains(user) ? GroupRole::kAdmin : GroupRole::kMember;
    }
  };
  struct AddMemberCall {
    GroupId group;
    UserId user;
    int max_members;
    Timestamp now;
  };

  Result<Created> create(std::string_view name, UserId owner, GroupVisibility visibility,
                         Timestamp now) override {
    std::lock_guard lock(mutex_);
    if (failure) return *failure;
    const GroupId id = next_id_++;
    Group& group = groups_[id];
    group.id = id;
    group.name = name;
    group.owner = owner;
    group.created = now;
    group.members = {owner};
    group.is_private = visibility == GroupVisibility::kPrivate;
    return Created{CreateGroupOutcome::kCreated, id};
  }
  Result<std::vector<GroupSummary>> list(UserId viewer) override {
    std::lock_guard lock(mutex_);
    if (failure) return *failure;
    std::vector<GroupSummary> summaries;
    for (const auto& [id, group] : groups_) {
      GroupSummary summary;
      summary.id = id;
      summary.name = group.name;
      summary.is_member = group.members.contains(viewer);
      summaries.push_back(std::move(summary));
    }
    return summaries;
  }
  Result<JoinOutcome> addMember(GroupId group, UserId user, int max_members,
                                Timestamp now) override {
    std::lock_guard lock(mutex_);
    add_member_calls_.push_back({group, user, max_members, now});
    if (failure) return *failure;
    auto it = groups_.find(group);
    if (it == groups_.end()) return JoinOutcome::kNoSuchGroup;
    auto& members = it->second.members;
    if (members.count(user) > 0) return JoinOutcome::kAlreadyMember;
    if (max_members > 0 && members.size() >= static_cast<std::size_t>(max_members)) {
      return JoinOutcome::kGroupFull;
    }
    members.insert(user);
    return JoinOutcome::kJoined;
  }
  Result<LeaveOutcome> removeMember(GroupId group, UserId user) override {
    std::lock_guard lock(mutex_);
    if (failure) return *failure;
    auto it = groups_.find(group);
    if (it == groups_.end()) return LeaveOutcome::kNoSuchGroup;
    const auto role = it->second.roleOf(user);
    if (!role) return LeaveOutcome::kNotMember;
    if (!mayLeave(*role, static_cast<std::int64_t>(it->second.members.size()))) {
      return LeaveOutcome::kOwnerStays;
    }
    it->second.members.erase(user);
    return LeaveOutcome::kLeft;
  }
  Result<Membership> membership(GroupId group, UserId user) override {
    std::lock_guard lock(mutex_);
    ++membership_calls_;
    if (failure) return *failure;
    auto it = groups_.find(group);
    if (it == groups_.end()) return Membership::kNoSuchGroup;
    return it->second.members.count(user) > 0 ? Membership::kMember : Membership::kNotMember;
  }
  // The user's role in the group, none when not a member (for FakeMessages::change).
  std::optional<GroupRole> roleOf(GroupId group, UserId user) {
    std::lock_guard lock(mutex_);
    auto it = groups_.find(group);
    if (it == groups_.end()) return std::nullopt;
    return it->second.roleOf(user);
  }
  Result<MarkedRead> markRead(GroupId group, UserId user, Seq seq) override {
    std::lock_guard lock(mutex_);
    if (failure) return *failure;
    auto it = groups_.find(group);
    if (it == groups_.end()) return MarkedRead{MarkReadOutcome::kNoSuchGroup, {}};
    if (it->second.members.count(user) == 0) return MarkedRead{MarkReadOutcome::kNotMember, {}};
    Seq& read = it->second.read_seq[user];
    read = std::max(read, std::min(seq, it->second.last_seq));
    return MarkedRead{MarkReadOutcome::kMarked, {group, read, it->second.last_seq, 0}};
  }
  // Names are "user<id>": the fake does not see the users.
  Result<std::vector<GroupMember>> members(GroupId group, UserId after, int limit) override {
    std::lock_guard lock(mutex_);
    if (failure) return *failure;
    std::vector<GroupMember> found;
    auto it = groups_.find(group);
    if (it == groups_.end()) return found;
    for (auto user = it->second.members.upper_bound(after);
         user != it->second.members.end() && static_cast<int>(found.size()) < limit; ++user) {
      found.push_back({*user, "user" + std::to_string(*user), *it->second.roleOf(*user)});
    }
    return found;
  }
  Result<std::vector<GroupId>> groupsOf(UserId user) override {
    std::lock_guard lock(mutex_);
    if (failure) return *failure;
    std::vector<GroupId> found;
    for (const auto& [id, group] : groups_) {
      if (group.members.contains(user)) found.push_back(id);
    }
    return found;
  }
  // No use case reads heads (the hub's sweep does): the fake reports none.
  Result<bool> remove(GroupId group) override {
    std::lock_guard lock(mutex_);
    return groups_.erase(group) > 0;
  }
  Result<std::vector<GroupHead>> heads(std::span<const GroupId>) override {
    return std::vector<GroupHead>{};
  }
  // Every user exists but kNoSuchUserId; names are "user<id>".
  Result<ChangedMember> changeMember(const MemberChangeRequest& request,
                                     const MemberJudge& judge) override {
    std::lock_guard lock(mutex_);
    if (failure) return *failure;
    auto it = groups_.find(request.group);
    if (it == groups_.end()) return ChangedMember{MemberChangeOutcome::kNoSuchGroup, {}};
    if (request.target == kNoSuchUserId) return ChangedMember{MemberChangeOutcome::kNoSuchUser, {}};
    Group& group = it->second;
    MemberFacts facts;
    facts.is_private = group.is_private;
    facts.actor = group.roleOf(request.by);
    facts.target = group.roleOf(request.target);
    facts.target_invited = group.invited.contains(request.target);
    auto verdict = judge(facts);
    if (!verdict) return verdict.error();
    const bool was_member = facts.target.has_value();
    GroupMember target{request.target, "user" + std::to_string(request.target),
                       facts.target.value_or(GroupRole::kMember)};
    if (*verdict == MemberVerdict::kNothingToDo) {
      return ChangedMember{MemberChangeOutcome::kUnchanged, target, was_member};
    }
    if (request.action == MemberAction::kInvite) group.invited.insert(request.target);
    if (request.action == MemberAction::kRemove) {
      group.invited.erase(request.target);
      group.members.erase(request.target);
    }
    if (request.action == MemberAction::kMakeAdmin) group.admins.insert(request.target);
    if (request.action == MemberAction::kMakeMember) group.admins.erase(request.target);
    if (request.action == MemberAction::kHandOver) {
      group.owner = request.target;
      group.admins.insert(request.by);
    }
    target.role = roleAfter(request.action, facts.target).value_or(GroupRole::kMember);
    return ChangedMember{MemberChangeOutcome::kChanged, target, was_member};
  }
  static constexpr UserId kNoSuchUserId = 999;

  // Test helpers: set up state without going through the use cases.
  GroupId addGroup(std::string name, UserId owner, std::set<UserId> members = {}) {
    std::lock_guard lock(mutex_);
    const GroupId id = next_id_++;
    members.insert(owner);
    Group& group = groups_[id];
    group.id = id;
    group.name = std::move(name);
    group.owner = owner;
    group.members = std::move(members);
    return id;
  }
  void setPrivate(GroupId group) {
    std::lock_guard lock(mutex_);
    groups_.at(group).is_private = true;
  }
  void setLastSeq(GroupId group, Seq seq) {
    std::lock_guard lock(mutex_);
    groups_.at(group).last_seq = seq;
  }
  void addMemberDirectly(GroupId group, UserId user) {
    std::lock_guard lock(mutex_);
    groups_.at(group).members.insert(user);
  }
  std::optional<Group> get(GroupId id) {
    std::lock_guard lock(mutex_);
    auto it = groups_.find(id);
    return it == groups_.end() ? std::nullopt : std::optional<Group>(it->second);
  }
  bool isMember(GroupId group, UserId user) {
    std::lock_guard lock(mutex_);
    auto it = groups_.find(group);
    return it != groups_.end() && it->second.members.count(user) > 0;
  }
  std::size_t size() {
    std::lock_guard lock(mutex_);
    return groups_.size();
  }
  std::vector<AddMemberCall> addMemberCalls() {
    std::lock_guard lock(mutex_);
    return add_member_calls_;
  }
  int membershipCalls() {
    std::lock_guard lock(mutex_);
    return membership_calls_;
  }

  std::optional<Error> failure;

 private:
  std::mutex mutex_;
  GroupId next_id_ = 1;
  std::map<GroupId, Group> groups_;
  std::vector<AddMemberCall> add_member_calls_;
  int membership_calls_ = 0;
};

// Messages over FakeGroups (membership, existence) and FakeUsers (sender names).
class FakeMessages : public Messages {
 public:
  FakeMessages(FakeGroups& groups, FakeUsers& users) : groups_(groups), users_(users) {}

  // Stores at once, on the calling thread (the engines' commit queues are tested with
  // appendBatch as their store).
  void append(NewMessage message, Appended done) override {
    done(std::move(appendBatch({std::move(message)}).front()));
  }

  std::vector<Result<AppendedMessage>> appendBatch(const std::vector<NewMessage>& messages) {
    waitIfHeld();
    std::lock_guard lock(mutex_);
    batch_sizes_.push_back(messages.size());
    if (batch_failure) {
      return std::vector<Result<AppendedMessage>>(messages.size(), *batch_failure);
    }
    std::vector<Result<AppendedMessage>> outcomes;
    for (const NewMessage& message : messages) outcomes.push_back(appendOne(message));
    if (max_outcomes && outcomes.size() > *max_outcomes)
      outcomes.erase(outcomes.begin() + static_cast<std::ptrdiff_t>(*max_outcomes), outcomes.end());
    return outcomes;
  }

  Result<std::vector<Message>> page(const HistoryQuery& query) override {
    std::lock_guard lock(mutex_);
    queries_.push_back(query);
    if (page_failure) return *page_failure;
    std::vector<Message> selected;
    for (const Message& m : stored_) {
      if (m.group_id != query.group_id) continue;
      if (query.before && m.seq >= *query.before) continue;
      if (query.after && m.seq <= *query.after) continue;
      selected.push_back(m);
    }
    std::sort(selected.begin(), selected.end(),
              [](const Message& a, const Message& b) { return a.seq < b.seq; });
    const auto limit = static_cast<std::size_t>(std::max(query.limit, 0));
    if (selected.size() > limit) {
      const bool forward = query.after && !query.before;
      if (forward) {
        selected.resize(limit);
      } else {
        selected.erase(selected.begin(), selected.end() - static_cast<std::ptrdiff_t>(limit));
      }
    }
    return selected;
  }

  Result<ChangedMessage> change(const MessageChangeRequest& request,
                                const ChangeJudge& judge) override {
    std::lock_guard lock(mutex_);
    if (change_failure) return *change_failure;
    auto found = std::find_if(stored_.begin(), stored_.end(),
                              [&](const Message& m) { return m.id == request.message_id; });
    if (found == stored_.end()) return ChangedMessage{ChangeOutcome::kNoSuchMessage, Message{}};
    auto verdict = judge(*found, groups_.roleOf(found->group_id, request.by));
    if (!verdict) return verdict.error();
    if (*verdict == ChangeVerdict::kNothingToDo) {
      return ChangedMessage{ChangeOutcome::kUnchanged, *found};
    }
    *found = applyChange(*found, request, ++last_seq_[found->group_id]);
    changes_.push_back({found->change_seq,
                        request.kind == MessageChangeKind::kEdit ? TimelineEntry::Kind::kEdit
                                                                 : TimelineEntry::Kind::kDelete,
                        *found});
    return ChangedMessage{ChangeOutcome::kChanged, *found};
  }

  Result<std::vector<TimelineEntry>> changesAfter(GroupId group, Seq after, int limit) override {
    std::lock_guard lock(mutex_);
    if (page_failure) return *page_failure;
    std::vector<TimelineEntry> selected;
    for (const TimelineEntry& change : changes_) {
      if (change.message.group_id != group || change.seq <= after) continue;
      if (static_cast<int>(selected.size()) >= limit) break;
      selected.push_back(change);
    }
    return selected;
  }

  // Answers search_results, and keeps each search asked for.
  Result<std::vector<Message>> search(const MessageSearch& search) override {
    std::lock_guard lock(mutex_);
    searches_.push_back(search);
    if (page_failure) return *page_failure;
    return search_results;
  }

  // The next appendBatch call blocks until release(); entered() waits until it does.
  void holdNextBatch() {
    std::lock_guard lock(hold_mutex_);
    hold_ = std::make_shared<Hold>();
  }
  void waitUntilHeld() { currentHold()->entered.wait(); }
  void release() { currentHold()->released.count_down(); }

  std::vector<std::size_t> batchSizes() {
    std::lock_guard lock(mutex_);
    return batch_sizes_;
  }
  std::vector<Message> stored() {
    std::lock_guard lock(mutex_);
    return stored_;
  }
  std::vector<HistoryQuery> queries() {
    std::lock_guard lock(mutex_);
    return queries_;
  }
  std::vector<MessageSearch> searches() {
    std::lock_guard lock(mutex_);
    return searches_;
  }

  std::optional<Error> batch_failure;
  std::optional<Error> page_failure;
  std::optional<Error> change_failure;
  std::optional<std::size_t> max_outcomes;  // drop outcomes past this many
  std::vector<Message> search_results;

 private:
  struct Hold {
    std::latch entered{1};
    std::latch released{1};
    bool used = false;
  };

  std::shared_ptr<Hold> currentHold() {
    std::lock_guard lock(hold_mutex_);
    return hold_;
  }
  void waitIfHeld() {
    std::shared_ptr<Hold> hold;
    {
      std::lock_guard lock(hold_mutex_);
      if (!hold_ || hold_->used) return;
      hold_->used = true;
      hold = hold_;
    }
    hold->entered.count_down();
    hold->released.wait();
  }

  Result<AppendedMessage> appendOne(const NewMessage& message) {
    if (message.client_message_id) {
      for (const Message& m : stored_) {
        auto key = client_ids_.find(m.id);
        if (m.sender_id == message.sender_id && key != client_ids_.end() &&
            key->second == *message.client_message_id) {
          return AppendedMessage{AppendOutcome::kDuplicate, m};
        }
      }
    }
    auto membership = groups_.membership(message.group_id, message.sender_id);
    if (!membership) return membership.error();
    if (*membership == Membership::kNoSuchGroup) {
      return AppendedMessage{AppendOutcome::kNoSuchGroup, Message{}};
    }
    if (*membership == Membership::kNotMember) {
      return AppendedMessage{AppendOutcome::kNotMember, Message{}};
    }
    auto sender = users_.get(message.sender_id);
    Message stored;
    stored.id = next_id_++;
    stored.group_id = message.group_id;
    stored.seq = ++last_seq_[message.group_id];
    stored.sender_id = message.sender_id;
    stored.sender_name = sender ? sender->user_name : "user" + std::to_string(message.sender_id);
    stored.text = message.text;
    stored.sent_on = message.sent_on;
    if (message.client_message_id) client_ids_[stored.id] = *message.client_message_id;
    stored_.push_back(stored);
    return AppendedMessage{AppendOutcome::kStored, stored};
  }

  FakeGroups& groups_;
  FakeUsers& users_;
  std::mutex mutex_;
  MessageId next_id_ = 1;
  std::map<GroupId, Seq> last_seq_;
  std::vector<Message> stored_;
  std::vector<TimelineEntry> changes_;  // in seq order within each group
  std::map<MessageId, std::string> client_ids_;
  std::vector<std::size_t> batch_sizes_;
  std::vector<HistoryQuery> queries_;
  std::vector<MessageSearch> searches_;

  std::mutex hold_mutex_;
  std::shared_ptr<Hold> hold_;
};

// Like the SQLite engine: revokeFamily marks the family's stored tokens revoked, and so
// are tokens stored into that family later.
// Precedence of states: revoked, then reused, then expired.
class FakeRefreshTokens : public RefreshTokens {
 public:
  struct Stored {
    RefreshTokenRecord record;
    bool used = false;
    bool revoked = false;
  };

  Status store(const RefreshTokenRecord& token) override {
    if (before_store) {
      auto hook = std::exchange(before_store, nullptr);  // runs once, outside the lock
      hook();
    }
    std::lock_guard lock(mutex_);
    if (store_failure) return *store_failure;
    // As the port requires: a token stored into a revoked family is born revoked.
    bool family_revoked = false;
    for (const auto& [digest, stored] : tokens_) {
      family_revoked |= stored.record.family == token.family && stored.revoked;
    }
    tokens_[token.digest] = Stored{token, false, family_revoked};
    return {};
  }
  Result<ConsumedRefreshToken> consume(std::string_view digest, Timestamp now) override {
    std::lock_guard lock(mutex_);
    ++consume_calls_;
    if (failure) return *failure;
    ConsumedRefreshToken consumed;
    auto it = tokens_.find(std::string(digest));
    if (it == tokens_.end()) return consumed;
    Stored& stored = it->second;
    consumed.record = stored.record;
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
    std::lock_guard lock(mutex_);
    if (failure) return *failure;
    revoked_families_.emplace_back(family);
    for (auto& [digest, stored] : tokens_) {
      if (stored.record.family == family) stored.revoked = true;
    }
    return {};
  }

  Status revokeUser(UserId user) override {
    std::lock_guard lock(mutex_);
    if (failure) return *failure;
    revoked_users_.push_back(user);
    for (auto& [digest, stored] : tokens_) {
      if (stored.record.user_id == user) stored.revoked = true;
    }
    return {};
  }

  std::optional<Stored> find(const std::string& digest) {
    std::lock_guard lock(mutex_);
    auto it = tokens_.find(digest);
    return it == tokens_.end() ? std::nullopt : std::optional<Stored>(it->second);
  }
  std::vector<Stored> all() {
    std::lock_guard lock(mutex_);
    std::vector<Stored> all;
    for (const auto& [digest, stored] : tokens_) all.push_back(stored);
    return all;
  }
  std::vector<std::string> revokedFamilies() {
    std::lock_guard lock(mutex_);
    return revoked_families_;
  }
  std::vector<UserId> revokedUsers() {
    std::lock_guard lock(mutex_);
    return revoked_users_;
  }
  int consumeCalls() {
    std::lock_guard lock(mutex_);
    return consume_calls_;
  }

  std::optional<Error> failure;        // consume and revokeFamily
  std::optional<Error> store_failure;  // store
  std::function<void()> before_store;  // runs once at the start of the next store()

 private:
  std::mutex mutex_;
  std::map<std::string, Stored> tokens_;
  std::vector<std::string> revoked_families_;
  std::vector<UserId> revoked_users_;
  int consume_calls_ = 0;
};

class FakeStorage : public Storage {
 public:
  FakeStorage() : messages_(groups_, users_) {}
  FakeUsers& users() override { return users_; }
  FakeGroups& groups() override { return groups_; }
  FakeMessages& messages() override { return messages_; }
  FakeRefreshTokens& refreshTokens() override { return refresh_tokens_; }
  Status ping() override { return {}; }
  Result<StorageStatistics> statistics() override {
    return StorageStatistics{.users = static_cast<std::int64_t>(users_.size())};
  }
  void stopWrites() override {}

 private:
  FakeUsers users_;
  FakeGroups groups_;
  FakeMessages messages_;
  FakeRefreshTokens refresh_tokens_;
};

class FakePasswordHasher : public PasswordHasher {
 public:
  Result<std::string> hash(std::string_view password) override {
    ++hash_calls;
    if (failure) return *failure;
    return "hash:" + std::string(password);
  }
  bool verify(std::string_view stored_hash, std::string_view password) override {
    ++verify_calls;
    // "old:" stands for a hash of an older scheme, as an imported account has.
    return stored_hash == "hash:" + std::string(password) ||
           stored_hash == "old:" + std::string(password);
  }
  bool needsRehash(std::string_view stored_hash) override {
    return stored_hash.starts_with("old:");
  }

  std::atomic<int> hash_calls{0};
  std::atomic<int> verify_calls{0};
  std::optional<Error> failure;
};

class FakeAccessTokens : public AccessTokens {
 public:
  static constexpr int kLifetimeSeconds = 900;

  AccessToken issue(const Principal& principal) override {
    std::lock_guard lock(mutex_);
    std::string token = "access-" + std::to_string(++issued_);
    principals_[token] = principal;
    return {token, kLifetimeSeconds};
  }
  Result<Principal> verify(std::string_view token) override {
    std::lock_guard lock(mutex_);
    auto it = principals_.find(std::string(token));
    if (it == principals_.end()) return Error::unauthorized("The token is invalid");
    return it->second;
  }
  int issued() {
    std::lock_guard lock(mutex_);
    return issued_;
  }

 private:
  std::mutex mutex_;
  int issued_ = 0;
  std::map<std::string, Principal> principals_;
};

class FakeSecrets : public Secrets {
 public:
  std::string randomToken() override { return "token-" + std::to_string(++counter_); }
  std::string digest(std::string_view token) override { return "d:" + std::string(token); }

 private:
  std::atomic<int> counter_{0};
};

// Online: the users in `connected`.
class FakePresence : public Presence {
 public:
  std::vector<bool> online(std::span<const UserId> users) override {
    std::lock_guard lock(mutex_);
    std::vector<bool> answers;
    for (UserId user : users) answers.push_back(connected_.contains(user));
    return answers;
  }
  void setConnected(std::set<UserId> users) {
    std::lock_guard lock(mutex_);
    connected_ = std::move(users);
  }

 private:
  std::mutex mutex_;
  std::set<UserId> connected_;
};

class RecordingGroupEvents : public GroupEvents {
 public:
  void messageStored(const Message& message) override {
    std::lock_guard lock(mutex_);
    stored_.push_back(message);
  }
  void messageChanged(const Message& message) override {
    std::lock_guard lock(mutex_);
    changed_.push_back(message);
  }
  std::vector<Message> changed() {
    std::lock_guard lock(mutex_);
    return changed_;
  }
  void memberLeft(GroupId group, UserId user) override {
    std::lock_guard lock(mutex_);
    left_.emplace_back(group, user);
  }
  void memberJoined(GroupId group, UserId user, std::string_view) override {
    std::lock_guard lock(mutex_);
    joined_.emplace_back(group, user);
  }
  void memberRoleChanged(GroupId group, const GroupMember& member) override {
    std::lock_guard lock(mutex_);
    role_changes_.emplace_back(group, member);
  }
  std::vector<std::pair<GroupId, GroupMember>> roleChanges() {
    std::lock_guard lock(mutex_);
    return role_changes_;
  }
  std::vector<std::pair<GroupId, UserId>> joined() {
    std::lock_guard lock(mutex_);
    return joined_;
  }
  struct PresenceChange {
    std::vector<GroupId> groups;
    UserId user = 0;
    std::string user_name;
    bool online = false;
  };
  void memberPresence(std::span<const GroupId> groups, UserId user, std::string_view user_name,
                      bool online) override {
    std::lock_guard lock(mutex_);
    presence_.push_back({{groups.begin(), groups.end()}, user, std::string(user_name), online});
  }
  std::vector<PresenceChange> presence() {
    std::lock_guard lock(mutex_);
    return presence_;
  }
  void memberTyping(GroupId group, UserId user, std::string_view) override {
    std::lock_guard lock(mutex_);
    typing_.emplace_back(group, user);
  }
  std::vector<std::pair<GroupId, UserId>> typing() {
    std::lock_guard lock(mutex_);
    return typing_;
  }
  void readMarkerMoved(UserId user, const ReadMarker& marker) override {
    std::lock_guard lock(mutex_);
    read_markers_.emplace_back(user, marker);
  }
  std::vector<std::pair<UserId, ReadMarker>> readMarkers() {
    std::lock_guard lock(mutex_);
    return read_markers_;
  }
  std::vector<Message> stored() {
    std::lock_guard lock(mutex_);
    return stored_;
  }
  std::vector<std::pair<GroupId, UserId>> left() {
    std::lock_guard lock(mutex_);
    return left_;
  }
  bool heardOf(MessageId id) {
    std::lock_guard lock(mutex_);
    return std::any_of(stored_.begin(), stored_.end(),
                       [id](const Message& m) { return m.id == id; });
  }

 private:
  std::mutex mutex_;
  std::vector<Message> stored_;
  std::vector<Message> changed_;
  std::vector<std::pair<GroupId, UserId>> left_;
  std::vector<std::pair<GroupId, UserId>> typing_;
  std::vector<std::pair<GroupId, UserId>> joined_;
  std::vector<std::pair<GroupId, GroupMember>> role_changes_;
  std::vector<PresenceChange> presence_;
  std::vector<std::pair<UserId, ReadMarker>> read_markers_;
};

class RecordingSessionRevocations : public SessionRevocations {
 public:
  void sessionEnded(std::string_view session_id) override {
    std::lock_guard lock(mutex_);
    ended_.emplace_back(session_id);
  }
  std::vector<std::string> ended() {
    std::lock_guard lock(mutex_);
    return ended_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> ended_;
};

// Every fake wired into one UseCaseContext, with helpers to set up users and groups.
// The cluster's shared count as a script: what it answers, and the keys and limits asked.
class ScriptedSharedLimits : public SharedRateLimits {
 public:
  std::optional<int> acquire(std::string_view key, const RateLimiter::Options& limit) override {
    keys.emplace_back(key);
    bursts.push_back(limit.burst);
    return answer;
  }
  std::optional<int> answer = 0;
  std::vector<std::string> keys;
  std::vector<double> bursts;
};

struct FakeApp {
  FakeClock clock;
  FakeStorage storage;
  FakePasswordHasher passwords;
  FakeAccessTokens access_tokens;
  FakeSecrets secrets;
  RecordingGroupEvents events;
  RecordingSessionRevocations session_revocations;
  UseCaseContext context{storage, passwords, access_tokens, secrets, clock, events, Limits{}};

  FakeApp() { context.session_revocations = &session_revocations; }

  FakeUsers& users() { return storage.users(); }
  FakeGroups& groups() { return storage.groups(); }
  FakeMessages& messages() { return storage.messages(); }
  FakeRefreshTokens& refreshTokens() { return storage.refreshTokens(); }

  Principal addUser(const std::string& name, const std::string& password = "password1") {
    auto id = storage.users().add(
        NewUser{name, "First", "Last", name + "@example.com", "hash:" + password}, clock.now());
    return Principal{id.value().id, name};
  }
};

}  // namespace chat::fakes
