#pragma once
// jsonNearlyEqual: JSON values equal but for the last bits of doubles. Boost.JSON 1.81 does
// not always parse a double it serialized back to the very same bits; nothing here is ours.
// jsonFinite: no double in it is infinite. Boost.JSON 1.81 reads a number past 1.8e308 as
// infinity and writes that as `Infinity`, which is no JSON; the server never writes back a
// number a client sent, so round trips are checked for finite values only.
#include <boost/json.hpp>
#include <cmath>

inline bool jsonFinite(const boost::json::value& v) {
  if (v.is_double()) return std::isfinite(v.get_double());
  if (v.is_array()) {
    for (const auto& item : v.get_array()) {
      if (!jsonFinite(item)) return false;
    }
  }
  if (v.is_object()) {
    for (const auto& entry : v.get_object()) {
      if (!jsonFinite(entry.value())) return false;
    }
  }
  return true;
}

inline bool jsonNearlyEqual(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_double() && b.is_double()) {
    const double x = a.get_double(), y = b.get_double();
    return x == y || std::fabs(x - y) <= 1e-12 * std::fmax(std::fabs(x), std::fabs(y));
  }
  if (a.kind() != b.kind()) return false;
  if (a.is_array()) {
    const auto &left = a.get_array(), &right = b.get_array();
    if (left.size() != right.size()) return false;
    for (std::size_t i = 0; i < left.size(); ++i) {
      if (!jsonNearlyEqual(left[i], right[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    const auto &left = a.get_object(), &right = b.get_object();
    if (left.size() != right.size()) return false;
    for (const auto& entry : left) {
      const boost::json::value* other = right.if_contains(entry.key());
      if (other == nullptr || !jsonNearlyEqual(entry.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}
