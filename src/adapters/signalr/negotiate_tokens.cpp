#include "adapters/signalr/negotiate_tokens.hpp"

#include "adapters/security/base64url.hpp"
#include "adapters/security/hmac_sha256.hpp"
#include "domain/whole_number.hpp"

namespace chat::signalr {
namespace {

// Keeps these MACs apart from anything else signed with the same key: a JWT's signing
// input starts with its base64url header, never with this.
constexpr std::string_view kPurpose = "signalr-negotiate.";

std::int64_t millis(NegotiateTokens::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

NegotiateTokens::NegotiateTokens(std::string key, std::chrono::seconds lifetime,
                                 NegotiateTokenLimits limits, std::string_view node_url)
    : key_(std::move(key)),
      lifetime_(lifetime),
      limits_(limits),
      node_field_(base64UrlEncode(node_url)) {}

std::string NegotiateTokens::sign(std::string_view payload) const {
  std::string input(kPurpose);
  input += payload;
  // HMAC fails only when out of memory; the token then simply never verifies.
  return base64UrlEncode(hmacSha256(key_, input).value_or(std::string()));
}

// Format: connectionId.userId.expiresMs.node.mac, where node is the issuing node's URL in
// base64url (empty when it has none). Every field is URL-safe, and none holds a '.'.
std::string NegotiateTokens::issue(const NegotiatedConnection& connection,
                                   Clock::time_point now) const {
  std::string payload = connection.connection_id;
  payload += '.';
  payload += std::to_string(connection.user_id);
  payload += '.';
  payload += std::to_string(millis(now + lifetime_));
  payload += '.';
  payload += node_field_;
  std::string mac = sign(payload);
  return payload + '.' + mac;
}

std::optional<std::array<std::string_view, 5>> NegotiateTokens::verified(
    std::string_view token) const {
  std::array<std::string_view, 5> parts;
  std::size_t count = 0;
  for (std::size_t start = 0;;) {
    const std::size_t dot = token.find('.', start);
    if (count == parts.size()) return std::nullopt;  // a field too many
    parts[count++] = token.substr(start, dot - start);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (count != parts.size() || parts[0].empty()) return std::nullopt;
  const std::string_view payload = token.substr(0, token.size() - parts[4].size() - 1);
  if (!macsEqual(sign(payload), parts[4])) return std::nullopt;
  return parts;
}

std::optional<std::string> NegotiateTokens::nodeOf(std::string_view token) const {
  const auto parts = verified(token);
  if (!parts) return std::nullopt;
  auto node = base64UrlDecode((*parts)[3]);
  if (!node || node->empty()) return std::nullopt;
  return node;
}

std::optional<NegotiatedConnection> NegotiateTokens::take(std::string_view token,
                                                          std::string_view address,
                                                          Clock::time_point now) {
  const auto parts = verified(token);
  if (!parts) return std::nullopt;
  const auto user = parseWholeNumber<UserId>((*parts)[1]);
  const auto expires = parseWholeNumber<std::int64_t>((*parts)[2]);
  const std::int64_t now_ms = millis(now);
  if (!user || !expires || *expires <= now_ms) return std::nullopt;

  std::lock_guard lock(mutex_);
  forgetExpired(now_ms);
  if (!remember(token, {*expires, *user, std::string(address)})) return std::nullopt;
  return NegotiatedConnection{std::string((*parts)[0]), *user};
}

bool NegotiateTokens::remember(std::string_view token, const Taken& taken) {
  // A flood is refused, and stays bounded; the user's and the address's shares keep one
  // flooder from using up everyone's room.
  std::size_t& by_user = taken_per_user_[taken.user_id];
  std::size_t& by_address = taken_per_address_[taken.address];
  const bool room = taken_.size() < limits_.in_all && by_user < limits_.per_user &&
                    by_address < limits_.per_address;
  if (!room || !taken_.emplace(std::string(token), taken).second) {
    if (by_user == 0) taken_per_user_.erase(taken.user_id);
    if (by_address == 0) taken_per_address_.erase(taken.address);
    return false;
  }
  ++by_user;
  ++by_address;
  return true;
}

void NegotiateTokens::forgetExpired(std::int64_t now_ms) {
  if (now_ms < next_sweep_ms_) return;
  std::erase_if(taken_, [this, now_ms](const auto& entry) {
    const Taken& taken = entry.second;
    if (taken.expires_ms > now_ms) return false;
    if (--taken_per_user_[taken.user_id] == 0) taken_per_user_.erase(taken.user_id);
    if (--taken_per_address_[taken.address] == 0) taken_per_address_.erase(taken.address);
    return true;
  });
  next_sweep_ms_ = now_ms + 1000;
}

}  // namespace chat::signalr
