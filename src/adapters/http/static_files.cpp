#include "adapters/http/static_files.hpp"

#include <array>
#include <fstream>
#include <sstream>
#include <utility>

#include "adapters/http/responses.hpp"
#include "adapters/runtime/offload.hpp"

namespace chat::http {

std::string_view contentTypeFor(const std::filesystem::path& file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".map", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
  }};
  const std::string extension = file.extension().string();
  for (const auto& [ext, type] : kTypes) {
    if (extension == ext) return type;
  }
  return "application/octet-stream";
}

bool isSafeFileName(std::string_view name) {
  return !name.empty() && name.front() != '.' && name.find('/') == std::string_view::npos &&
         name.find('\\') == std::string_view::npos && name.find('\0') == std::string_view::npos;
}

Response textResponse(std::string_view body, std::string_view content_type, Caching caching) {
  Response response{Status::ok, 11};
  response.set(beast_http::field::content_type, content_type);
  response.set(beast_http::field::cache_control,
               caching == Caching::kImmutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.body() = std::string(body);
  response.prepare_payload();
  return response;
}

boost::asio::awaitable<Response> serveFile(boost::asio::thread_pool& workers,
                                           std::filesystem::path file, Caching caching,
                                           std::string missing_message) {
  auto content = co_await runtime::offload(workers, [&]() -> Result<std::string> {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error::notFound(missing_message);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  });
  if (!content) co_return errorResponse(content.error());
  Response response = textResponse(*content, contentTypeFor(file), caching);
  if (file.extension() == ".html") {
    response.set("Content-Security-Policy", kPageSecurityPolicy);
  }
  co_return response;
}

}  // namespace chat::http
