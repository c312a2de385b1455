#pragma once
// For tests: a TCP forwarder between the engine and the test server, to play a database
// that goes away and comes back. stop() closes the listener and every forwarded
// connection (as a server shutdown does); start() listens again on the same port.
// Methods are called by one test thread; the forwarding runs on a thread of its own.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <thread>
#include <utility>
#include <vector>

namespace chat::postgres::testing {

class TcpProxy {
 public:
  // Forwards 127.0.0.1:port() to 127.0.0.1:upstream_port.
  explicit TcpProxy(std::uint16_t upstream_port) : upstream_port_(upstream_port) { start(); }
  TcpProxy(const TcpProxy&) = delete;
  TcpProxy& operator=(const TcpProxy&) = delete;
  ~TcpProxy() { stop(); }

  std::uint16_t port() const { return port_; }

  bool start() {
    if (thread_.joinable()) return true;
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    const int yes = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address = loopback(port_);
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_, 64) != 0) {
      ::close(listener_);
      return false;
    }
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
    return true;
  }

  void stop() {
    if (!thread_.joinable()) return;
    stopping_ = true;
    thread_.join();
  }

 private:
  static sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
  }

  // Polls with a short timeout so that stop() is noticed; closes everything on the way out.
  void run() {
    std::vector<std::pair<int, int>> links;  // (client, upstream)
    char buffer[65536];
    while (!stopping_) {
      std::vector<pollfd> fds{{listener_, POLLIN, 0}};
      for (auto [client, upstream] : links) {
        fds.push_back({client, POLLIN, 0});
        fds.push_back({upstream, POLLIN, 0});
      }
      if (::poll(fds.data(), fds.size(), 20) <= 0) continue;
      const std::size_t polled = links.size();  // a link accepted now has no pollfd yet
      if (fds[0].revents & POLLIN) {
        const int client = ::accept(listener_, nullptr, nullptr);
        const int upstream = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address = loopback(upstream_port_);
        if (client >= 0 &&
            ::connect(upstream, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
          links.emplace_back(client, upstream);
        } else {
          if (client >= 0) ::close(client);
          ::close(upstream);
        }
      }
      std::vector<std::pair<int, int>> open(links.begin() + static_cast<std::ptrdiff_t>(polled),
                                            links.end());
      for (std::size_t i = 0; i < polled; ++i) {
        bool alive = true;
        for (auto [from, to] : {std::pair{links[i].first, links[i].second},
                                std::pair{links[i].second, links[i].first}}) {
          const pollfd& polled = fds[1 + 2 * i + (from == links[i].first ? 0 : 1)];
          if (!alive || !(polled.revents & (POLLIN | POLLHUP | POLLERR))) continue;
          const ssize_t n = ::read(from, buffer, sizeof buffer);
          alive = n > 0 && writeAll(to, buffer, static_cast<std::size_t>(n));
        }
        if (alive) {
          open.push_back(links[i]);
        } else {
          ::close(links[i].first);
          ::close(links[i].second);
        }
      }
      links = std::move(open);
    }
    for (auto [client, upstream] : links) {
      ::close(client);
      ::close(upstream);
    }
    ::close(listener_);
  }

  static bool writeAll(int fd, const char* data, std::size_t size) {
    while (size > 0) {
      const ssize_t n = ::write(fd, data, size);
      if (n <= 0) return false;
      data += n;
      size -= static_cast<std::size_t>(n);
    }
    return true;
  }

  std::uint16_t upstream_port_;
  std::uint16_t port_ = 0;
  int listener_ = -1;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace chat::postgres::testing
