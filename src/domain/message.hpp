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
  std::string text;  // empty once deleted
  Timestamp sent_on;
  // Set once the message was changed: when it was last edited, when it was deleted (a
  // tombstone keeps its place in history), and the seq its latest change took.
  std::optional<Timestamp> edited_on;
  std::optional<Timestamp> deleted_on;
  Seq change_seq = 0;
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

// A change to a stored message, asked for by `by`. Edits and deletions take a seq of their
// own in the group's seq space, so that a replay after a seq carries them, without gaps.
enum class MessageChangeKind { kEdit, kDelete };

struct MessageChangeRequest {
  MessageId message_id = 0;
  UserId by = 0;
  MessageChangeKind kind = MessageChangeKind::kEdit;
  std::string text;  // the new text of an edit
  Timestamp at;
};

// One entry of a group's timeline, in seq order: a message as sent, or a later change to
// one (`message` then is the message as that change left it, with change_seq = seq).
struct TimelineEntry {
  enum class Kind { kMessage, kEdit, kDelete };
  Seq seq = 0;
  Kind kind = Kind::kMessage;
  Message message;
};

}  // namespace chat
