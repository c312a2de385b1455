#pragma once
#include <string>

#include "domain/ids.hpp"

namespace chat {

struct GroupSummary {
  GroupId id = 0;
  std::string name;
  bool is_member = false;
};

}  // namespace chat
