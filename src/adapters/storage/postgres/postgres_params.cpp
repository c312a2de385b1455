#include "adapters/storage/postgres/postgres_params.hpp"

namespace chat::postgres {

Params& Params::add(std::int64_t value) {
  values_.push_back(std::to_string(value));
  nulls_.push_back(false);
  return *this;
}

Params& Params::add(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) sendable_ = false;
  values_.emplace_back(text);
  nulls_.push_back(false);
  return *this;
}

Params& Params::add(std::string text) {
  if (text.find('\0') != std::string::npos) sendable_ = false;
  values_.push_back(std::move(text));
  nulls_.push_back(false);
  return *this;
}

Params& Params::add(Timestamp time) {
  return add(static_cast<std::int64_t>(time.time_since_epoch().count()));
}

Params& Params::add(const std::optional<std::string>& text) {
  return text ? add(std::string_view(*text)) : addNull();
}

Params& Params::addNull() {
  values_.emplace_back();
  nulls_.push_back(true);
  return *this;
}

const char* const* Params::values() const {
  pointers_.clear();
  for (std::size_t i = 0; i < values_.size(); ++i) {
    pointers_.push_back(nulls_[i] ? nullptr : values_[i].c_str());
  }
  return pointers_.data();
}

std::string bigintArray(std::span<const std::int64_t> values) {
  std::string literal = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) literal += ',';
    literal += std::to_string(values[i]);
  }
  literal += '}';
  return literal;
}

void TextArray::separate() {
  if (literal_.size() > 1) literal_ += ',';
}

void TextArray::add(std::string_view text) {
  separate();
  // Quoted, so that commas, braces, spaces and the word NULL stay text; inside quotes
  // only '"' and '\' need a backslash.
  literal_ += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') literal_ += '\\';
    literal_ += c;
  }
  literal_ += '"';
}

void TextArray::addNull() {
  separate();
  literal_ += "NULL";
}

std::string TextArray::finish() && {
  literal_ += '}';
  return std::move(literal_);
}

}  // namespace chat::postgres
