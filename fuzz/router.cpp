// Fuzzes the HTTP router over the server's real route table, and the static files' file names.
// Checks match results are consistent and that a served asset path never leaves its folder.
#include <fuzzer/FuzzedDataProvider.h>

#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "adapters/http/api/api.hpp"
#include "adapters/http/request_context.hpp"
#include "adapters/http/router.hpp"
#include "adapters/http/static_files.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace chat::http;

const Router& router() {
  static const Router instance = [] {
    Router routes;
    mountApi(routes, nullptr);  // a null deps lists the routes; handlers are never run
    // HubEndpoint::mountRoutes' two routes, without the hub (chat_signalr) behind them.
    const auto unused = [](RequestContext&) -> boost::asio::awaitable<Response> {
      co_return Response{};
    };
    routes.add(Verb::post, "/MessageHub/negotiate", Access::kBearer, unused);
    routes.add(Verb::get, "/MessageHub", Access::kPublic, unused);
    return routes;
  }();
  return instance;
}

std::size_t segmentCount(std::string_view path) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '/' && (i == 0 || path[i - 1] == '/')) ++count;
  }
  return count;
}

// What web_client_routes.cpp serves for /assets/{file}: a safe name stays in the folder.
void checkAssetPath(const std::string& file) {
  (void)contentTypeFor(file);
  if (!isSafeFileName(file)) return;
  const std::filesystem::path folder = "/srv/web/dist/assets";
  const std::filesystem::path served = (folder / file).lexically_normal();
  FUZZ_CHECK(served.parent_path() == folder, "an asset path escapes the assets folder");
  FUZZ_CHECK(served.filename() == file, "an asset name changed on the way");
}

void checkMatch(Verb method, std::string_view path, const Request& request) {
  RequestContext ctx{request, std::string(path), {}, {}, "203.0.113.7", std::nullopt};
  const Router::Match match = router().match(method, path, ctx);
  if (!match.route) {
    FUZZ_CHECK(ctx.route_params.empty(), "parameters without a route");
    FUZZ_CHECK(match.path_known == !match.allowed_methods.empty(), "Allow without a known path");
    return;
  }
  FUZZ_CHECK(match.route->method == method, "matched another method");
  FUZZ_CHECK(segmentCount(match.route->pattern) == segmentCount(path), "segment counts differ");
  for (const auto& [name, value] : ctx.route_params) {
    FUZZ_CHECK(!value.empty() && value.find('/') == std::string::npos, "a bad route parameter");
    if (name == "file") checkAssetPath(value);
  }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const Verb methods[] = {Verb::get,     Verb::post,  Verb::put, Verb::delete_,
                          Verb::options, Verb::patch, Verb::head};
  const Verb method = input.PickValueInArray(methods);
  const std::string target = input.ConsumeRemainingBytesAsString();
  Request request{method, target, 11};
  // As the server routes: the decoded path of a valid target; and the raw bytes as a path.
  if (auto ctx = makeRequestContext(request, "203.0.113.7")) {
    checkMatch(method, ctx->path, request);
  }
  checkMatch(method, target, request);
  checkAssetPath(target);
  return 0;
}
