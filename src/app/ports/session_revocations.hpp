#pragma once
// Port: told when a session ends (logout, or a refresh token used twice), so that the
// session's access tokens stop working before they expire and its open connections close.
// Thread-safe; never blocks on I/O.
#include <string_view>

namespace chat {

class SessionRevocations {
 public:
  virtual ~SessionRevocations() = default;
  virtual void sessionEnded(std::string_view session_id) = 0;
};

}  // namespace chat
