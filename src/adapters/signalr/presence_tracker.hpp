#pragma once
// Turns this node's connection counts into MemberOnline and MemberOffline: a user's first
// connection here announces them online at once; their last one closing starts a grace
// (`HubOptions::presence_grace`), and only if none is back when it ends are they announced
// offline (AnnouncePresence then checks the other nodes too). The announcements run on the
// worker pool: they read the user's groups.
//
// Thread affinity: changed() is thread-safe; the rest runs on `loop`.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>

#include "adapters/signalr/user_connections.hpp"
#include "app/announce_presence.hpp"

namespace chat::signalr {

class PresenceTracker {
 public:
  PresenceTracker(boost::asio::io_context& loop, boost::asio::thread_pool& workers,
                  UserConnections& connections, AnnouncePresence& announce,
                  std::chrono::milliseconds grace);

  // What UserConnections::onPresenceChanged tells; from any thread.
  void changed(UserId user, std::string_view user_name, bool present);
  // Users announced online here, or in their grace.
  std::size_t tracked() const { return users_.size(); }

 private:
  struct Tracked {
    std::string name;
    bool announced = false;                            // MemberOnline was told
    std::unique_ptr<boost::asio::steady_timer> grace;  // set while the grace runs
  };
  void present(UserId user, std::string name);
  void absent(UserId user);
  void graceOver(UserId user);
  void announce(UserId user, const std::string& name, bool online);

  boost::asio::io_context& loop_;
  boost::asio::thread_pool& workers_;
  UserConnections& connections_;
  AnnouncePresence& announce_;
  std::chrono::milliseconds grace_;
  std::unordered_map<UserId, Tracked> users_;
};

}  // namespace chat::signalr
