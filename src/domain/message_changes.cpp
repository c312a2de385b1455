#include "domain/message_changes.hpp"

#include <algorithm>
#include <limits>

namespace chat {

Result<ChangeVerdict> judgeChange(const MessageChangeRequest& request, const Message& message,
                                  std::optional<GroupRole> role) {
  if (!role) return Error::notFound("Message not found");
  const bool own = message.sender_id == request.by;
  switch (request.kind) {
    case MessageChangeKind::kEdit:
      if (!own) return Error::forbidden("You can only edit your own messages");
      if (message.deleted_on) return Error::conflict("The message was deleted");
      return message.text == request.text ? ChangeVerdict::kNothingToDo : ChangeVerdict::kApply;
    case MessageChangeKind::kDelete:
      if (!own && *role == GroupRole::kMember) {
        return Error::forbidden(
            "Only the sender or the group's owner and admins can delete this message");
      }
      return message.deleted_on ? ChangeVerdict::kNothingToDo : ChangeVerdict::kApply;
  }
  return Error::internal("unknown message change");
}

Message applyChange(Message message, const MessageChangeRequest& request, Seq seq) {
  message.change_seq = seq;
  if (request.kind == MessageChangeKind::kEdit) {
    message.text = request.text;
    message.edited_on = request.at;
  } else {
    message.text.clear();
    message.deleted_on = request.at;
  }
  return message;
}

TimelineEntry changeEntry(Message message, Seq seq, MessageChangeKind kind, std::string text,
                          Timestamp at) {
  message.edited_on.reset();
  message.deleted_on.reset();
  const MessageChangeRequest change{message.id, 0, kind, std::move(text), at};
  return {
      seq,
      kind == MessageChangeKind::kEdit ? TimelineEntry::Kind::kEdit : TimelineEntry::Kind::kDelete,
      applyChange(std::move(message), change, seq)};
}

TimelinePage mergeTimeline(const std::vector<Message>& messages, std::vector<TimelineEntry> changes,
                           int limit) {
  const auto limit_size = static_cast<std::size_t>(std::max(limit, 0));
  Seq bound = std::numeric_limits<Seq>::max();
  if (!messages.empty() && messages.size() >= limit_size) bound = messages.back().seq;
  if (!changes.empty() && changes.size() >= limit_size) {
    bound = std::min(bound, changes.back().seq);
  }

  TimelinePage page;
  page.full = bound != std::numeric_limits<Seq>::max();
  page.entries.reserve(messages.size() + changes.size());
  auto change = changes.begin();
  auto takeChangesBefore = [&](Seq seq) {
    for (; change != changes.end() && change->seq < seq && change->seq <= bound; ++change) {
      page.entries.push_back(std::move(*change));
    }
  };
  for (const Message& message : messages) {
    if (message.seq > bound) break;
    takeChangesBefore(message.seq);
    page.entries.push_back({message.seq, TimelineEntry::Kind::kMessage, message});
  }
  takeChangesBefore(std::numeric_limits<Seq>::max());
  return page;
}

}  // namespace chat
