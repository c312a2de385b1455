#pragma once
#include <optional>
#include <string>

#include "domain/ids.hpp"
#include "domain/time.hpp"

namespace chat {

struct Message {
  MessageId id = 0;
  GroupId group_id = 0;
  Seq seq = 0;
  UserId sender_id = 0;
  std::string sender_name;
  std::string text;
  Timestamp sent_on;
};

struct NewMessage {
  GroupId group_id = 0;
  UserId sender_id = 0;
  std::string text;
  Timestamp sent_on;
  // Set by clients that retry: the same (sender, client id) is stored only once.
  std::optional<std::string> client_message_id;
};

// A page of history: messages with seq < before and/or seq > after, oldest first.
// With `before` (or neither) the page is the newest `limit` such messages; with only
// `after` it is the oldest `limit` such messages, so that a client can walk forward.
struct HistoryQuery {
  GroupId group_id = 0;
  int limit = 100;
  std::optional<Seq> before;
  std::optional<Seq> after;
};

}  // namespace chat
