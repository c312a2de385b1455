#pragma once
// One serialized protocol record, shared by every connection that sends it: a message
// is serialized once however many recipients it has.
#include <memory>
#include <string>

namespace chat::signalr {

using SharedRecord = std::shared_ptr<const std::string>;

inline SharedRecord makeRecord(std::string bytes) {
  return std::make_shared<const std::string>(std::move(bytes));
}

}  // namespace chat::signalr
