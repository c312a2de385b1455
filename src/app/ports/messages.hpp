#pragma once
// Port: the message history of every group. Implemented by each storage engine.
// Thread-safe: may be called from any worker thread.
#include <vector>

#include "domain/message.hpp"
#include "domain/result.hpp"

namespace chat {

struct AppendedMessage {
  Message message;
  // True when (sender, client_message_id) had been stored before: `message` is that
  // first copy and nothing new was written.
  bool duplicate = false;
};

class Messages {
 public:
  virtual ~Messages() = default;
  // Stores the message durably with the group's next seq, in one transaction that also
  // checks that the group exists (kNotFound) and the sender is a member (kForbidden).
  virtual Result<AppendedMessage> append(const NewMessage& message) = 0;
  // Group commit: stores many messages in one transaction, each with its own outcome
  // (index i answers messages[i]) as if appended one by one in order. A failure of the
  // transaction itself fails every entry; nothing is then stored.
  virtual std::vector<Result<AppendedMessage>> appendBatch(
      const std::vector<NewMessage>& messages) = 0;
  // A page of history, oldest first (see HistoryQuery).
  virtual Result<std::vector<Message>> page(const HistoryQuery& query) = 0;
};

}  // namespace chat
