#pragma once
#include <cstddef>

namespace chat {

// Input limits enforced by the use cases. Configurable; these are the defaults.
struct Limits {
  std::size_t max_group_name_length = 100;  // characters
  std::size_t max_message_length = 4000;    // characters
  std::size_t max_client_message_id_length = 64;
  std::size_t min_password_length = 8;
  std::size_t max_password_length = 128;
  std::size_t max_profile_field_length = 100;  // first name, last name
  std::size_t max_email_length = 254;
  int max_group_members = 20;  // 0 = unlimited
  int default_page_size = 100;
  int max_page_size = 1000;
  // "Typing" indications per user, over every group and device: a burst, then this many a
  // second. Clients send one every few seconds while someone types.
  double typing_per_second = 1;
  double typing_burst = 3;
  // Read markers per user, over every group and device: clients send one as the newest
  // message comes into view, at most about once a second.
  double read_marks_per_second = 5;
  double read_marks_burst = 20;
  // Edits and deletions of messages per user, over every group and device.
  double message_changes_per_second = 2;
  double message_changes_burst = 10;
  // Invitations, removals and role changes per user, over every group and device.
  double member_changes_per_minute = 30;
  double member_changes_burst = 10;
  // Message searches per user, over every device: each reads an index, not one row.
  double searches_per_minute = 60;
  double searches_burst = 10;
};

}  // namespace chat
