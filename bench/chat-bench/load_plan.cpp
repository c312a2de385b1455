#include "load_plan.hpp"

#include <algorithm>
#include <set>

namespace chat::bench {

std::size_t LoadPlan::userOf(std::size_t connection) const {
  if (isMember(connection)) return connection / conns_per_user;
  return memberUserCount() + (connection - memberCount()) / conns_per_user;
}

std::vector<std::size_t> LoadPlan::groupsOfSender(std::size_t sender) const {
  std::vector<std::size_t> mine;
  if (groups == 0 || senders == 0) return mine;
  if (groups < senders) {
    mine.push_back(sender % groups);
    return mine;
  }
  for (std::size_t g = sender; g < groups; g += senders) mine.push_back(g);
  return mine;
}

std::vector<std::size_t> LoadPlan::creators() const {
  std::vector<std::size_t> users(groups);
  for (std::size_t g = 0; g < groups; ++g) {
    // Sender g % S sends to group g in both layouts of groupsOfSender.
    users[g] = members_per_group > 0
                   ? userOf(g * members_per_group)
                   : userOf(senderConnection(g % std::max<std::size_t>(1, senders)));
  }
  return users;
}

std::vector<std::pair<std::size_t, std::size_t>> LoadPlan::joins() const {
  std::set<std::pair<std::size_t, std::size_t>> needed;
  for (std::size_t c = 0; c < memberCount(); ++c) needed.emplace(userOf(c), groupOfMember(c));
  for (std::size_t s = 0; s < senders; ++s) {
    for (std::size_t g : groupsOfSender(s)) needed.emplace(userOf(senderConnection(s)), g);
  }
  const auto creator = creators();
  for (std::size_t g = 0; g < groups; ++g) needed.erase({creator[g], g});
  return {needed.begin(), needed.end()};
}

}  // namespace chat::bench
