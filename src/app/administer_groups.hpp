#pragma once
// The administrator's group operations (`chatserver admin group ...`).
#include <string>
#include <vector>

#include "app/use_case_context.hpp"

namespace chat {

struct GroupListing {
  GroupId id = 0;
  std::string name;
  Seq last_seq = 0;  // the seq of its newest message: how many it has had
};

class AdministerGroups {
 public:
  explicit AdministerGroups(UseCaseContext& context) : context_(context) {}

  // Every group, by id.
  Result<std::vector<GroupListing>> list();
  // The group with its members and history; kNotFound for an unknown id.
  Status remove(GroupId group);

 private:
  UseCaseContext& context_;
};

}  // namespace chat
