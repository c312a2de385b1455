#pragma once
// The HTTP message types used by every part of the HTTP adapter.
#include <boost/beast/http.hpp>

namespace chat::http {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;
using Status = beast_http::status;
using Verb = beast_http::verb;

}  // namespace chat::http
