#pragma once
// What joins the nodes of a cluster: each message a node stores is published to the
// others, which deliver it to their own subscribers; a departure too. At most once and in
// no set order (Redis pub/sub): the subscriptions put deliveries in seq order, and the
// sweep (group_sweep.hpp) reads from storage whatever never arrived. Without a backplane
// (one node) nothing is published.
#include <boost/json/object.hpp>
#include <functional>
#include <string_view>

#include "adapters/signalr/group_subscriptions.hpp"
#include "domain/ids.hpp"
#include "domain/time.hpp"

namespace chat::signalr {

class Backplane {
 public:
  // What other nodes sent. Runs on the backplane's own loop; must hand work off.
  struct Listener {
    std::function<void(GroupDelivery)> delivered;
    std::function<void(GroupId, UserId)> member_left;
    // An ephemeral event of the group (typing, presence): its target and JSON argument.
    std::function<void(GroupId, UserId from, Audience, std::string_view target,
                       boost::json::object argument)>
        group_event;
    // A session another node ended, to refuse until `forget_at`: from its publish, or
    // read back from what Redis keeps once the link is up (the ones missed meanwhile).
    std::function<void(std::string_view session_id, Timestamp forget_at)> session_ended;
    // Up once connected and following every group asked for; down when the link is lost.
    // Messages published while it was down never come: the node reads them from storage.
    std::function<void(bool up)> link_changed;
  };

  virtual ~Backplane() = default;
  // Thread-safe; never block.
  virtual void publish(const GroupDelivery& delivery) = 0;
  virtual void publishMemberLeft(GroupId group, UserId user) = 0;
  // An ephemeral event (typing, presence; `argument` is its JSON): reaches the nodes that
  // follow the group, at most once.
  virtual void publishEvent(GroupId group, UserId from, Audience audience, std::string_view target,
                            std::string_view argument) = 0;
  // A session ended here (logout): the other nodes refuse its tokens and close its
  // connections too, until `forget_at`.
  virtual void publishSessionEnded(std::string_view session_id, Timestamp forget_at) = 0;
  // Only the groups followed are received: those with a subscriber on this node.
  virtual void follow(GroupId group, bool following) = 0;
  virtual bool up() const = 0;
};

}  // namespace chat::signalr
