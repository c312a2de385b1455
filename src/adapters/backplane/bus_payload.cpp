#include "adapters/backplane/bus_payload.hpp"

#include <charconv>
#include <vector>

#include "domain/whole_number.hpp"

namespace chat::backplane {
namespace {

// Version 1; a node that reads a payload of another version ignores it, and the sweep
// reads the message from storage instead.
constexpr std::string_view kMessageTag = "m1";
constexpr std::string_view kDepartureTag = "l1";
constexpr std::string_view kSessionEndedTag = "s1";
constexpr std::string_view kEventTag = "e1";
constexpr std::string_view kOwnEventTag = "o1";  // for the connections of `from` only

template <typename T>
std::optional<T> parseNumber(std::string_view text) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// The first `count` newline-separated fields, and the rest after them.
std::optional<std::vector<std::string_view>> split(std::string_view payload, int count) {
  std::vector<std::string_view> fields;
  for (int i = 0; i < count; ++i) {
    const std::size_t end = payload.find('\n');
    if (end == std::string_view::npos) return std::nullopt;
    fields.push_back(payload.substr(0, end));
    payload.remove_prefix(end + 1);
  }
  fields.push_back(payload);
  return fields;
}

}  // namespace

std::string groupChannel(std::string_view prefix, GroupId group) {
  return std::string(prefix) + "group:" + std::to_string(group);
}

std::string controlChannel(std::string_view prefix) {
  return std::string(prefix) + "control";
}

std::optional<GroupId> groupOfChannel(std::string_view prefix, std::string_view channel) {
  const std::string head = std::string(prefix) + "group:";
  if (!channel.starts_with(head)) return std::nullopt;
  return parseWholeNumber<GroupId>(channel.substr(head.size()));
}

std::string encodeMessage(std::string_view node, Seq seq, std::string_view record) {
  std::string payload;
  payload.reserve(kMessageTag.size() + node.size() + record.size() + 24);
  payload.append(kMessageTag).append("\n").append(node).append("\n");
  payload.append(std::to_string(seq)).append("\n").append(record);
  return payload;
}

std::optional<BusMessage> decodeMessage(std::string_view payload) {
  auto fields = split(payload, 3);
  if (!fields || (*fields)[0] != kMessageTag) return std::nullopt;
  auto seq = parseWholeNumber<Seq>((*fields)[2]);
  if (!seq || *seq < 1) return std::nullopt;
  return BusMessage{(*fields)[1], *seq, (*fields)[3]};
}

std::string encodeDeparture(std::string_view node, GroupId group, UserId user) {
  std::string payload(kDepartureTag);
  payload.append("\n").append(node).append("\n").append(std::to_string(group));
  payload.append("\n").append(std::to_string(user));
  return payload;
}

std::optional<BusDeparture> decodeDeparture(std::string_view payload) {
  auto fields = split(payload, 3);
  if (!fields || (*fields)[0] != kDepartureTag) return std::nullopt;
  auto group = parseWholeNumber<GroupId>((*fields)[2]);
  auto user = parseWholeNumber<UserId>((*fields)[3]);
  if (!group || !user) return std::nullopt;
  return BusDeparture{(*fields)[1], *group, *user};
}

std::string encodeEvent(std::string_view node, UserId from, bool theirs_only,
                        std::string_view target, std::string_view argument) {
  std::string payload(theirs_only ? kOwnEventTag : kEventTag);
  payload.append("\n").append(node).append("\n").append(std::to_string(from));
  payload.append("\n").append(target).append("\n").append(argument);
  return payload;
}

std::optional<BusEvent> decodeEvent(std::string_view payload) {
  auto fields = split(payload, 4);
  if (!fields || (*fields)[3].empty()) return std::nullopt;
  const std::string_view tag = (*fields)[0];
  if (tag != kEventTag && tag != kOwnEventTag) return std::nullopt;
  auto from = parseWholeNumber<UserId>((*fields)[2]);
  if (!from) return std::nullopt;
  return BusEvent{(*fields)[1], *from, tag == kOwnEventTag, (*fields)[3], (*fields)[4]};
}

std::string encodeSessionEnded(std::string_view node, std::string_view session_id,
                               Timestamp forget_at) {
  std::string payload(kSessionEndedTag);
  payload.append("\n").append(node).append("\n").append(epochMilliseconds(forget_at));
  payload.append("\n").append(session_id);
  return payload;
}

std::optional<BusSessionEnded> decodeSessionEnded(std::string_view payload) {
  auto fields = split(payload, 3);
  if (!fields || (*fields)[0] != kSessionEndedTag || (*fields)[3].empty()) return std::nullopt;
  auto forget_at = parseEpochMilliseconds((*fields)[2]);
  if (!forget_at) return std::nullopt;
  return BusSessionEnded{(*fields)[1], *forget_at, (*fields)[3]};
}

std::string epochMilliseconds(Timestamp time) {
  return std::to_string(time.time_since_epoch().count());
}

std::optional<Timestamp> parseEpochMilliseconds(std::string_view text) {
  auto ms = parseWholeNumber<std::int64_t>(text);
  if (!ms || *ms < 0) return std::nullopt;
  return Timestamp(std::chrono::milliseconds(*ms));
}

bool validNodeId(std::string_view node) {
  if (node.empty() || node.size() > 100) return false;
  for (char c : node) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace chat::backplane
