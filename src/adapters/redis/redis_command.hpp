#pragma once
// A command (argv) encoded as RESP, appended to an output buffer, so that many commands
// pipeline into one socket write.
//
// Thread affinity: none (pure functions).
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chat::redis {

// Appends `*N\r\n` and `$len\r\narg\r\n` per argument; arguments are binary-safe.
void appendCommand(std::string& out, std::span<const std::string_view> argv);
void appendCommand(std::string& out, const std::vector<std::string>& argv);

// How many bytes appendCommand adds, to check a size limit before encoding.
std::size_t encodedSize(std::span<const std::string_view> argv);

}  // namespace chat::redis
