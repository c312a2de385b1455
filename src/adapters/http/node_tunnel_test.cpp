#include "adapters/http/node_tunnel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <string>
#include <thread>

namespace chat::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;
using namespace std::chrono_literals;

const tcp::endpoint kLoopback{asio::ip::make_address("127.0.0.1"), 0};
constexpr std::string_view kPeer = "192.0.2.9";

// A front that reads one request as the HTTP server does and tunnels it to the node; the
// client and the node are plain blocking sockets of the test's.
class NodeTunnelTest : public ::testing::Test {
 protected:
  ~NodeTunnelTest() override {
    loop_.stop();
    if (runner_.joinable()) runner_.join();
  }

  void startFront(ForwardTarget node, NodeTunnelOptions options = {}) {
    asio::co_spawn(loop_, front(std::move(node), options), asio::detached);
    runner_ = std::thread([this] { loop_.run(); });
  }

  ForwardTarget nodeTarget() const {
    return {"127.0.0.1", std::to_string(node_.local_endpoint().port())};
  }

  tcp::socket connectClient() {
    tcp::socket client(io_);
    client.connect({kLoopback.address(), front_.local_endpoint().port()});
    return client;
  }

  tcp::socket acceptAtNode() {
    tcp::socket socket(io_);
    bool done = false;
    node_.async_accept(socket, [&done](const beast::error_code&) { done = true; });
    awaitOn(done, node_);
    return socket;
  }

  std::string readUntil(tcp::socket& socket, std::string_view end, std::string& buffer) {
    bool done = false;
    std::size_t at = 0;
    asio::async_read_until(socket, asio::dynamic_buffer(buffer), std::string(end),
                           [&](const beast::error_code&, std::size_t bytes) {
                             at = bytes;
                             done = true;
                           });
    awaitOn(done, socket);
    std::string got = buffer.substr(0, at);
    buffer.erase(0, at);
    return got;
  }

  // Everything until the peer closes its side.
  std::string readToEnd(tcp::socket& socket, std::string buffer = {}) {
    bool done = false;
    beast::error_code ended;
    asio::async_read(socket, asio::dynamic_buffer(buffer),
                     [&](const beast::error_code& ec, std::size_t) {
                       ended = ec;
                       done = true;
                     });
    awaitOn(done, socket);
    EXPECT_EQ(ended, asio::error::eof);
    return buffer;
  }

  // Runs the test's sockets until `done`, for at most 5 s: a tunnel that loses bytes fails
  // the test rather than hanging it.
  template <class Closable>
  void awaitOn(const bool& done, Closable& waiting_on) {
    io_.restart();
    io_.run_for(5s);
    if (done) return;
    ADD_FAILURE() << "timed out";
    waiting_on.close();
    io_.restart();
    io_.run();
  }

  bool tunnelEnded(std::chrono::milliseconds within = 2000ms) const {
    const auto deadline = std::chrono::steady_clock::now() + within;
    while (!ended_ && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(5ms);
    }
    return ended_;
  }

  asio::io_context io_;  // the test's blocking sockets
  tcp::acceptor node_{io_, kLoopback};
  std::atomic<std::size_t> leftover_bytes_{0};
  std::atomic<bool> ended_{false};

 private:
  asio::awaitable<void> front(ForwardTarget node, NodeTunnelOptions options) {
    auto socket = co_await front_.async_accept(asio::use_awaitable);
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    Request request;
    co_await beast_http::async_read(stream, buffer, request, asio::use_awaitable);
    leftover_bytes_ = buffer.size();
    auto tunnel = tunnelToNode(std::move(stream), std::move(request), std::move(buffer),
                               std::string(kPeer), std::move(node), options);
    co_await std::move(tunnel);
    ended_ = true;
  }

  asio::io_context loop_;  // the front's event loop
  tcp::acceptor front_{loop_, kLoopback};
  std::thread runner_;
};

TEST_F(NodeTunnelTest, PassesTheRequestAndWhatFollowedItThenBytesBothWays) {
  startFront(nodeTarget());
  tcp::socket client = connectClient();
  // Bytes past the request in the same segment: the front reads them with it.
  asio::write(client, asio::buffer(std::string_view(
                          "POST /MessageHub?id=abc HTTP/1.1\r\nHost: chat.example\r\n"
                          "X-Forwarded-For: 203.0.113.5\r\nContent-Length: 4\r\n\r\nbodyNEXT")));
  tcp::socket node = acceptAtNode();
  std::string at_node;
  const std::string head = readUntil(node, "\r\n\r\n", at_node);
  EXPECT_TRUE(head.starts_with("POST /MessageHub?id=abc HTTP/1.1\r\n")) << head;
  EXPECT_NE(head.find("Host: chat.example\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("X-Forwarded-For: 203.0.113.5, 192.0.2.9\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find(std::string(kPassedOnHeader) + ": 1\r\n"), std::string::npos) << head;
  EXPECT_EQ(readUntil(node, "NEXT", at_node), "bodyNEXT");
  EXPECT_EQ(leftover_bytes_, 4u);

  asio::write(node, asio::buffer(std::string_view("from the node")));
  std::string at_client;
  EXPECT_EQ(readUntil(client, "node", at_client), "from the node");
  asio::write(client, asio::buffer(std::string_view("from the client")));
  EXPECT_EQ(readUntil(node, "client", at_node), "from the client");

  node.close();
  EXPECT_EQ(readToEnd(client, at_client), "");
  client.close();
  EXPECT_TRUE(tunnelEnded());
}

TEST_F(NodeTunnelTest, CarriesMoreThanItsBuffersHoldBothWays) {
  startFront(nodeTarget(), {.buffer_bytes = 1024});
  tcp::socket client = connectClient();
  asio::write(client, asio::buffer(std::string_view("GET /MessageHub?id=abc HTTP/1.1\r\n\r\n")));
  tcp::socket node = acceptAtNode();
  std::string at_node;
  readUntil(node, "\r\n\r\n", at_node);

  std::string down(1 << 20, '\0');
  for (std::size_t i = 0; i < down.size(); ++i) down[i] = static_cast<char>('a' + i % 26);
  asio::async_write(node, asio::buffer(down), [&node](const beast::error_code&, std::size_t) {
    node.shutdown(tcp::socket::shutdown_send);
  });
  EXPECT_EQ(readToEnd(client), down);

  const std::string up(300000, 'u');
  asio::async_write(client, asio::buffer(up), [&client](const beast::error_code&, std::size_t) {
    client.shutdown(tcp::socket::shutdown_send);
  });
  EXPECT_EQ(readToEnd(node, at_node), up);
  EXPECT_TRUE(tunnelEnded());
}

TEST_F(NodeTunnelTest, ANodeThatIsDownIsAnswered404) {
  const ForwardTarget gone = nodeTarget();
  node_.close();  // nothing listens on its port any more
  startFront(gone);
  tcp::socket client = connectClient();
  asio::write(client, asio::buffer(std::string_view("GET /MessageHub?id=abc HTTP/1.1\r\n\r\n")));
  const std::string response = readToEnd(client);
  EXPECT_TRUE(response.starts_with("HTTP/1.1 404 Not Found\r\n")) << response;
  EXPECT_NE(response.find("Connection: close\r\n"), std::string::npos) << response;
  const auto body = boost::json::parse(response.substr(response.find("\r\n\r\n") + 4));
  EXPECT_EQ(body.at("message"), "No connection with this id");
  EXPECT_TRUE(tunnelEnded());
}

TEST_F(NodeTunnelTest, ANodeNameThatDoesNotResolveIsAnswered404) {
  startFront({"no-such-node.invalid", "5000"}, {.connect_timeout = 2000ms});
  tcp::socket client = connectClient();
  asio::write(client, asio::buffer(std::string_view("GET /MessageHub?id=abc HTTP/1.1\r\n\r\n")));
  EXPECT_TRUE(readToEnd(client).starts_with("HTTP/1.1 404 Not Found\r\n"));
  EXPECT_TRUE(tunnelEnded());
}

TEST_F(NodeTunnelTest, ResolvesANodeByName) {
  startFront({"localhost", std::to_string(node_.local_endpoint().port())});
  tcp::socket client = connectClient();
  asio::write(client, asio::buffer(std::string_view("GET /MessageHub?id=abc HTTP/1.1\r\n\r\n")));
  tcp::socket node = acceptAtNode();
  std::string at_node;
  EXPECT_TRUE(readUntil(node, "\r\n\r\n", at_node).starts_with("GET /MessageHub?id=abc "));
}

TEST_F(NodeTunnelTest, TheClientClosingItsSideStillGetsTheNodesAnswer) {
  startFront(nodeTarget());
  tcp::socket client = connectClient();
  asio::write(client, asio::buffer(std::string_view("GET /MessageHub?id=abc HTTP/1.1\r\n\r\n")));
  client.shutdown(tcp::socket::shutdown_send);
  tcp::socket node = acceptAtNode();
  std::string at_node;
  readUntil(node, "\r\n\r\n", at_node);
  EXPECT_EQ(readToEnd(node, at_node), "");  // the client's close came through
  asio::write(node, asio::buffer(std::string_view("a late answer")));
  node.close();
  EXPECT_EQ(readToEnd(client), "a late answer");
  EXPECT_TRUE(tunnelEnded());
}

TEST_F(NodeTunnelTest, TheNodeClosingItsSideStillHearsTheClient) {
  startFront(nodeTarget());
  tcp::socket client = connectClient();
  asio::write(client, asio::buffer(std::string_view("GET /MessageHub?id=abc HTTP/1.1\r\n\r\n")));
  tcp::socket node = acceptAtNode();
  std::string at_node;
  readUntil(node, "\r\n\r\n", at_node);
  node.shutdown(tcp::socket::shutdown_send);
  EXPECT_EQ(readToEnd(client), "");
  asio::write(client, asio::buffer(std::string_view("still here")));
  client.shutdown(tcp::socket::shutdown_send);
  EXPECT_EQ(readToEnd(node, at_node), "still here");
  EXPECT_TRUE(tunnelEnded());
}

TEST_F(NodeTunnelTest, AClientThatStaysOpenAfterTheNodeClosedIsCutAfterTheLinger) {
  startFront(nodeTarget(), {.linger = 100ms});
  tcp::socket client = connectClient();
  asio::write(client, asio::buffer(std::string_view("GET /MessageHub?id=abc HTTP/1.1\r\n\r\n")));
  tcp::socket node = acceptAtNode();
  std::string at_node;
  readUntil(node, "\r\n\r\n", at_node);
  node.close();
  EXPECT_EQ(readToEnd(client), "");
  // The client never closes; the tunnel does, and gives its slot back.
  EXPECT_TRUE(tunnelEnded());
}

TEST(PassedOnByNode, ReadsTheTunnelsMark) {
  Request request{Verb::get, "/MessageHub?id=abc", 11};
  EXPECT_FALSE(passedOnByNode(request));
  request.set(kPassedOnHeader, "1");
  EXPECT_TRUE(passedOnByNode(request));
}

}  // namespace
}  // namespace chat::http
