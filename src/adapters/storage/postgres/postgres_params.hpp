#pragma once
// Statement parameters for libpq's extended protocol, all in text format (the server
// parses them by the types the statement casts to), and array literals that carry a
// whole batch in one parameter (`unnest($1::bigint[])`). Plain values; not thread-safe.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"

namespace chat::postgres {

class Params {
 public:
  Params& add(std::int64_t value);
  Params& add(std::string_view text);
  Params& add(std::string text);  // moved in: array literals may be large
  Params& add(const char* text) { return add(std::string_view(text)); }
  Params& add(Timestamp time);  // as ms since the epoch, as stored
  Params& add(const std::optional<std::string>& text);
  Params& addNull();

  int size() const { return static_cast<int>(values_.size()); }
  // PQexecParams' paramValues; valid until the next add().
  const char* const* values() const;
  // Text with a NUL character can not be sent (a C string would end there).
  bool sendable() const { return sendable_; }

 private:
  std::vector<std::string> values_;
  std::vector<bool> nulls_;
  mutable std::vector<const char*> pointers_;
  bool sendable_ = true;
};

// `{1,2,3}`: an array literal of integers.
std::string bigintArray(std::span<const std::int64_t> values);

// An array literal of text, element by element, each quoted and escaped.
class TextArray {
 public:
  void add(std::string_view text);
  void add(const std::string& text) { add(std::string_view(text)); }
  void add(const char* text) { add(std::string_view(text)); }
  void addNull();
  void add(const std::optional<std::string>& text) { text ? add(*text) : addNull(); }
  // The literal, closed; the builder is spent.
  std::string finish() &&;

 private:
  void separate();
  std::string literal_ = "{";
};

}  // namespace chat::postgres
