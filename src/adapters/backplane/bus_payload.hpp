#pragma once
// What travels between nodes on the backplane, as bytes: a stored message (which node
// published it, its seq, and the MessageReceived record that node already serialized, so
// that no node serializes it again), an ephemeral event (typing, presence), a departure, and a
// session that ended. The group is in the channel's name. Thread-safe: pure functions.
#include <optional>
#include <string>
#include <string_view>

#include "domain/ids.hpp"
#include "domain/time.hpp"

namespace chat::backplane {

struct BusMessage {
  std::string_view node;
  Seq seq = 0;
  std::string_view record;
};

struct BusDeparture {
  std::string_view node;
  GroupId group = 0;
  UserId user = 0;
};

std::string groupChannel(std::string_view prefix, GroupId group);
std::string controlChannel(std::string_view prefix);
// The group of a channel groupChannel() named, or nullopt.
std::optional<GroupId> groupOfChannel(std::string_view prefix, std::string_view channel);

std::string encodeMessage(std::string_view node, Seq seq, std::string_view record);
// Views into `payload`; nullopt when it is not one (another version, say).
std::optional<BusMessage> decodeMessage(std::string_view payload);

std::string encodeDeparture(std::string_view node, GroupId group, UserId user);
std::optional<BusDeparture> decodeDeparture(std::string_view payload);

// An ephemeral event of a group (typing, presence), on the group's channel: the user it is
// about, whether it is for that user's connections only (else for everyone else's), the
// hub event's target and its JSON argument.
struct BusEvent {
  std::string_view node;
  UserId from = 0;
  bool theirs_only = false;
  std::string_view target;
  std::string_view argument;
};

std::string encodeEvent(std::string_view node, UserId from, bool theirs_only,
                        std::string_view target, std::string_view argument);
std::optional<BusEvent> decodeEvent(std::string_view payload);

struct BusSessionEnded {
  std::string_view node;
  Timestamp forget_at;
  std::string_view session_id;
};

std::string encodeSessionEnded(std::string_view node, std::string_view session_id,
                               Timestamp forget_at);
std::optional<BusSessionEnded> decodeSessionEnded(std::string_view payload);

// A time as Redis keeps it (a sorted set's score): milliseconds since the Unix epoch.
std::string epochMilliseconds(Timestamp time);
std::optional<Timestamp> parseEpochMilliseconds(std::string_view text);

// Node ids travel in payloads and channel names: letters, digits, '.', '_' and '-'.
bool validNodeId(std::string_view node);

}  // namespace chat::backplane
