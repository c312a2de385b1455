#pragma once
// LoadPlan: who is who in a fanout or send run. Connections [0, G*M) are the members (member
// c receives group c / M), then come the S senders. Users hold `conns_per_user` consecutive
// connections each, members' users first, then the senders' users, so that a user joins only
// the groups of its own connections. Sender s sends to the groups g with g % S == s (every
// group has a sender when G >= S), or to group s % G when there are more senders than groups.
// Group g is created by the user of its first member (or of its sender). Pure; a value type.
#include <cstddef>
#include <utility>
#include <vector>

namespace chat::bench {

struct LoadPlan {
  std::size_t groups = 0;
  std::size_t members_per_group = 0;
  std::size_t senders = 0;
  std::size_t conns_per_user = 100;

  std::size_t memberCount() const { return groups * members_per_group; }
  std::size_t connectionCount() const { return memberCount() + senders; }
  std::size_t memberUserCount() const { return divideUp(memberCount(), conns_per_user); }
  std::size_t userCount() const { return memberUserCount() + divideUp(senders, conns_per_user); }

  bool isMember(std::size_t connection) const { return connection < memberCount(); }
  std::size_t groupOfMember(std::size_t connection) const { return connection / members_per_group; }
  std::size_t senderConnection(std::size_t sender) const { return memberCount() + sender; }
  std::size_t userOf(std::size_t connection) const;
  std::vector<std::size_t> groupsOfSender(std::size_t sender) const;
  // The user index creating each group.
  std::vector<std::size_t> creators() const;
  // (user index, group index) memberships still needed after creation, without repeats.
  std::vector<std::pair<std::size_t, std::size_t>> joins() const;

  static std::size_t divideUp(std::size_t a, std::size_t b) { return b ? (a + b - 1) / b : 0; }
};

}  // namespace chat::bench
