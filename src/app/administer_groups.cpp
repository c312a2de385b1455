#include "app/administer_groups.hpp"

#include <string>
#include <unordered_map>

namespace chat {

Result<std::vector<GroupListing>> AdministerGroups::list() {
  // Viewer 0 is no one: membership flags are not asked for.
  auto groups = context_.storage.groups().list(0);
  if (!groups) return groups.error();
  std::vector<GroupId> ids;
  ids.reserve(groups->size());
  for (const GroupSummary& group : *groups) ids.push_back(group.id);
  auto heads = context_.storage.groups().heads(ids);
  if (!heads) return heads.error();
  std::unordered_map<GroupId, Seq> last_seq;
  for (const GroupHead& head : *heads) last_seq[head.id] = head.last_seq;
  std::vector<GroupListing> listing;
  listing.reserve(groups->size());
  for (const GroupSummary& group : *groups) {
    listing.push_back({group.id, group.name, last_seq[group.id]});
  }
  return listing;
}

Status AdministerGroups::remove(GroupId group) {
  auto removed = context_.storage.groups().remove(group);
  if (!removed) return removed.error();
  if (!*removed) return Error::notFound("No group with id " + std::to_string(group));
  return {};
}

}  // namespace chat
