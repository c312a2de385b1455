// Fuzzes NegotiateTokens::take and nodeOf with raw and tampered tokens amid issues (by two
// nodes sharing the key), takes and clock steps. Checks only issued, unexpired, untaken
// tokens pass, as issued, within the per-user limits; and that every issued token, and only
// those, names the node that issued it, taken or expired.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "adapters/signalr/negotiate_tokens.hpp"
#include "fuzz_check.hpp"

namespace {

using chat::signalr::NegotiatedConnection;
using chat::signalr::NegotiateTokenLimits;
using chat::signalr::NegotiateTokens;

struct Issued {
  std::string token;
  NegotiatedConnection connection;
  std::int64_t expires_ms = 0;
  std::optional<std::string> node;  // the issuer's URL; none when it has none
  bool taken = false;
  std::string taken_by;  // the address that took it
};

NegotiateTokens::Clock::time_point at(std::int64_t ms) {
  return NegotiateTokens::Clock::time_point(std::chrono::milliseconds(ms));
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const auto lifetime = std::chrono::seconds(input.ConsumeIntegralInRange<int>(1, 30));
  NegotiateTokenLimits limits;
  if (input.ConsumeBool()) {
    limits = {input.ConsumeIntegralInRange<std::size_t>(1, 8),
              input.ConsumeIntegralInRange<std::size_t>(1, 8),
              input.ConsumeIntegralInRange<std::size_t>(1, 8)};
  }
  const std::size_t least_limit = std::min({limits.in_all, limits.per_user, limits.per_address});
  // The node under test, and another that shares its key; each named by a URL of any bytes.
  const std::string key = "negotiate-fuzzing-key-negotiate-fuzzing";
  const std::string node_urls[] = {input.ConsumeRandomLengthString(40),
                                   input.ConsumeRandomLengthString(40)};
  NegotiateTokens tokens(key, lifetime, limits, node_urls[0]);
  const NegotiateTokens other(key, lifetime, limits, node_urls[1]);
  const char* addresses[] = {"203.0.113.7", "198.51.100.2", "2001:db8::1"};
  std::int64_t now_ms = 1767225600000;
  std::int64_t latest_ms = now_ms;  // the latest the clock has been
  std::vector<Issued> issued;
  std::size_t takes = 0;

  const auto take = [&](const std::string& token, const std::string& address) {
    const auto node = tokens.nodeOf(token);
    const auto connection = tokens.take(token, address, at(now_ms));
    auto it = std::find_if(issued.begin(), issued.end(),
                           [&](const Issued& each) { return each.token == token; });
    if (it == issued.end()) {
      FUZZ_CHECK(!connection, "took a token that was never issued");
      FUZZ_CHECK(!node, "a token never issued named a node");
      return;
    }
    FUZZ_CHECK(node == it->node, "the token named another node than its issuer");
    const bool expired = it->expires_ms <= now_ms;
    // Once the clock passed its expiry a taken token may be forgotten; should the wall clock
    // then step back, it can be taken once more (as on another node): allowed either way.
    if (it->taken && it->expires_ms <= latest_ms) return;
    if (expired || it->taken) {
      FUZZ_CHECK(!connection, "took an expired or already taken token");
      return;
    }
    if (takes < least_limit) FUZZ_CHECK(connection.has_value(), "refused a fresh token");
    if (!connection) return;
    FUZZ_CHECK(connection->connection_id == it->connection.connection_id &&
                   connection->user_id == it->connection.user_id,
               "the connection changed");
    it->taken = true;
    it->taken_by = address;
    ++takes;
    // Counted: the tokens it surely still remembers. One that expired before the latest
    // clock reading may have been forgotten, and the clock stepped back since.
    std::size_t in_all = 0, by_user = 0, by_address = 0;
    for (const Issued& each : issued) {
      if (!each.taken || each.expires_ms <= std::max(now_ms, latest_ms)) continue;
      ++in_all;
      if (each.connection.user_id == it->connection.user_id) ++by_user;
      if (each.taken_by == address) ++by_address;
    }
    FUZZ_CHECK(
        in_all <= limits.in_all && by_user <= limits.per_user && by_address <= limits.per_address,
        "took more tokens than the limits allow");
  };

  while (input.remaining_bytes() > 0) {
    const std::string address = input.PickValueInArray(addresses);
    const int operation = input.ConsumeIntegralInRange<int>(0, 5);
    switch (operation) {
      case 0:    // negotiate here
      case 5: {  // or on the other node: a connection id without '.', any user
        std::string id = input.ConsumeRandomLengthString(24);
        std::replace(id.begin(), id.end(), '.', '_');
        if (id.empty()) id = "c";
        const NegotiatedConnection connection{id, input.ConsumeIntegral<std::int64_t>()};
        const bool here = operation == 0;
        const std::string& node_url = node_urls[here ? 0 : 1];
        Issued token;
        token.token = (here ? tokens : other).issue(connection, at(now_ms));
        token.connection = connection;
        token.expires_ms = now_ms + lifetime.count() * 1000;
        if (!node_url.empty()) token.node = node_url;
        issued.push_back(std::move(token));
        break;
      }
      case 1:  // the WebSocket upgrade redeems an issued token
        if (!issued.empty()) {
          take(issued[input.ConsumeIntegralInRange<std::size_t>(0, issued.size() - 1)].token,
               address);
        }
        break;
      case 2:  // a tampered one: one byte changed, cut or added
        if (!issued.empty()) {
          std::string token =
              issued[input.ConsumeIntegralInRange<std::size_t>(0, issued.size() - 1)].token;
          const std::size_t i = input.ConsumeIntegralInRange<std::size_t>(0, token.size() - 1);
          switch (input.ConsumeIntegralInRange<int>(0, 2)) {
            case 0:
              token[i] = static_cast<char>(token[i] ^ input.ConsumeIntegralInRange<int>(1, 255));
              break;
            case 1:
              token.erase(i, 1);
              break;
            default:
              token.insert(i, 1, input.ConsumeIntegral<char>());
          }
          take(token, address);
        }
        break;
      case 3:  // whatever a client puts in ?id=
        take(input.ConsumeRandomLengthString(160), address);
        break;
      default:  // time passes, or the wall clock steps back
        now_ms += input.ConsumeIntegralInRange<std::int64_t>(-2000, 20000);
        latest_ms = std::max(latest_ms, now_ms);
    }
  }
  return 0;
}
