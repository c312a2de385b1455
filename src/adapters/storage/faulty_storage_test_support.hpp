#pragma once
// For tests: fault injection by forwarding. FaultyStorage passes every call to a real
// engine, except while `failure` is set: then every repository call fails with it (an
// append answers it through its callback), as a database that went away would.
#include <mutex>
#include <optional>

#include "app/ports/storage.hpp"

namespace chat::testing {

class FaultyStorage final : public Storage {
 public:
  explicit FaultyStorage(Storage& engine)
      : engine_(engine), users_(*this), groups_(*this), messages_(*this), tokens_(*this) {}

  void failWith(std::optional<Error> failure) {
    std::lock_guard lock(mutex_);
    failure_ = std::move(failure);
  }

  Users& users() override { return users_; }
  Groups& groups() override { return groups_; }
  Messages& messages() override { return messages_; }
  RefreshTokens& refreshTokens() override { return tokens_; }
  Status ping() override {
    if (auto failure = current()) return *failure;
    return engine_.ping();
  }
  Result<StorageStatistics> statistics() override {
    if (auto failure = current()) return *failure;
    return engine_.statistics();
  }
  void stopWrites() override { engine_.stopWrites(); }

 private:
  std::optional<Error> current() {
    std::lock_guard lock(mutex_);
    return failure_;
  }

  struct FaultyUsers final : Users {
    explicit FaultyUsers(FaultyStorage& s) : s(s) {}
    Result<AddedUser> add(const NewUser& user, Timestamp now) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.users().add(user, now);
    }
    Result<std::optional<User>> findByName(std::string_view name) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.users().findByName(name);
    }
    Result<std::optional<User>> findById(UserId id) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.users().findById(id);
    }
    Result<std::optional<User>> findByExternalIdentity(ExternalIdentityKey identity) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.users().findByExternalIdentity(identity);
    }
    Result<AddedUser> addExternal(const NewUser& user, ExternalIdentityKey identity,
                                  Timestamp now) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.users().addExternal(user, identity, now);
    }
    Result<bool> setPasswordHash(UserId id, std::string_view password_hash) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.users().setPasswordHash(id, password_hash);
    }
    Result<bool> setLocked(UserId id, bool locked) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.users().setLocked(id, locked);
    }
    Result<bool> erase(UserId id) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.users().erase(id);
    }
    FaultyStorage& s;
  };
  struct FaultyGroups final : Groups {
    explicit FaultyGroups(FaultyStorage& s) : s(s) {}
    Result<Created> create(std::string_view name, UserId owner, GroupVisibility visibility,
                           Timestamp now) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.groups().create(name, owner, visibility, now);
    }
    Result<std::vector<GroupSummary>> list(UserId viewer) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.groups().list(viewer);
    }
    Result<JoinOutcome> addMember(GroupId group, UserId user, int max_members,
                                  Timestamp now) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.groups().addMember(group, user, max_members, now);
    }
    Result<LeaveOutcome> removeMember(GroupId group, UserId user) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.groups().removeMember(group, user);
    }
    Result<Membership> membership(GroupId group, UserId user) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.groups().membership(group, user);
    }
    Result<MarkedRead> markRead(GroupId group, UserId user, Seq seq) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.groups().markRead(group, user, seq);
    }
    Result<std::vector<GroupMember>> members(GroupId group, UserId after, int limit) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.groups().members(group, after, limit);
    }
    Result<std::vector<GroupId>> groupsOf(UserId user) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.groups().groupsOf(user);
    }
    Result<std::vector<GroupHead>> heads(std::span<const GroupId> groups) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.groups().heads(groups);
    }
    Result<bool> remove(GroupId group) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.groups().remove(group);
    }
    Result<ChangedMember> changeMember(const MemberChangeRequest& request,
                                       const MemberJudge& judge) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.groups().changeMember(request, judge);
    }
    FaultyStorage& s;
  };
  struct FaultyMessages final : Messages {
    explicit FaultyMessages(FaultyStorage& s) : s(s) {}
    void append(NewMessage message, Appended done) override {
      if (auto failure = s.current()) return done(*failure);
      s.engine_.messages().append(std::move(message), std::move(done));
    }
    Result<std::vector<Message>> page(const HistoryQuery& query) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.messages().page(query);
    }
    Result<ChangedMessage> change(const MessageChangeRequest& request,
                                  const ChangeJudge& judge) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.messages().change(request, judge);
    }
    Result<std::vector<TimelineEntry>> changesAfter(GroupId group, Seq after, int limit) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.messages().changesAfter(group, after, limit);
    }
    Result<std::vector<Message>> search(const MessageSearch& search) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.messages().search(search);
    }
    FaultyStorage& s;
  };
  struct FaultyRefreshTokens final : RefreshTokens {
    explicit FaultyRefreshTokens(FaultyStorage& s) : s(s) {}
    Status store(const RefreshTokenRecord& token) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.refreshTokens().store(token);
    }
    Result<ConsumedRefreshToken> consume(std::string_view digest, Timestamp now) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.refreshTokens().consume(digest, now);
    }
    Status revokeFamily(std::string_view family) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.refreshTokens().revokeFamily(family);
    }
    Status revokeUser(UserId user) override {
      if (auto failure = s.current()) return *failure;
      return s.engine_.refreshTokens().revokeUser(user);
    }
    FaultyStorage& s;
  };

  Storage& engine_;
  std::mutex mutex_;
  std::optional<Error> failure_;
  FaultyUsers users_;
  FaultyGroups groups_;
  FaultyMessages messages_;
  FaultyRefreshTokens tokens_;
};

}  // namespace chat::testing
