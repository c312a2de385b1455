#include "adapters/http/request_context.hpp"

#include <boost/algorithm/string/case_conv.hpp>
#include <boost/url/parse.hpp>

namespace chat::http {

std::optional<RequestContext> makeRequestContext(const Request& request,
                                                 std::string client_address) {
  const auto target = boost::urls::parse_origin_form(request.target());
  if (!target) return std::nullopt;
  RequestContext ctx{request, std::string(target->path()), {},
                     {},      std::move(client_address),   std::nullopt};
  for (const auto& param : target->params()) {
    ctx.query.emplace(boost::algorithm::to_lower_copy(std::string(param.key)),
                      std::string(param.value));
  }
  return ctx;
}

}  // namespace chat::http
