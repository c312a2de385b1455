#include "adapters/signalr/hub_request_forwarding.hpp"

#include <boost/algorithm/string/predicate.hpp>

#include "adapters/http/request_context.hpp"

namespace chat::signalr {
namespace {

// The hub's path (hub_endpoint.cpp); negotiate, below it, is any node's to answer.
constexpr std::string_view kHubPath = "/MessageHub";

}  // namespace

std::optional<http::ForwardTarget> HubRequestForwarding::forwardTarget(
    const http::Request& request) const {
  // No query, no id: most requests are settled before their target is parsed.
  if (own_node_url_.empty() || request.target().find('?') == std::string_view::npos) {
    return std::nullopt;
  }
  const auto ctx = http::makeRequestContext(request, {});
  if (!ctx || !boost::algorithm::iequals(ctx->path, kHubPath)) return std::nullopt;
  const std::string* id = ctx->queryValue("id");
  if (!id) return std::nullopt;
  const auto node = tokens_.nodeOf(*id);
  if (!node || *node == own_node_url_) return std::nullopt;
  return http::ForwardTarget::fromNodeUrl(*node);
}

}  // namespace chat::signalr
