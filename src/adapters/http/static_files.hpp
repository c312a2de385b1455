#pragma once
// Serving files from disk: the web client and Swagger UI. Reads run on the worker pool.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <filesystem>
#include <string_view>

#include "adapters/http/http_types.hpp"

namespace chat::http {

// The pages' policy: no inline script, nothing from other origins.
inline constexpr std::string_view kPageSecurityPolicy =
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
    "style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'";

enum class Caching { kRevalidate, kImmutable };

std::string_view contentTypeFor(const std::filesystem::path& file);
// A single path segment naming a file: no separators, no leading dot.
bool isSafeFileName(std::string_view name);
// 200 with the file, or 404 with `missing_message` when it cannot be read.
boost::asio::awaitable<Response> serveFile(boost::asio::thread_pool& workers,
                                           std::filesystem::path file, Caching caching,
                                           std::string missing_message);
Response textResponse(std::string_view body, std::string_view content_type, Caching caching);

}  // namespace chat::http
