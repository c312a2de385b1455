#pragma once
#include "app/use_case_context.hpp"

namespace chat {

// Is the server able to serve? Today: whether the database answers.
class CheckHealth {
 public:
  explicit CheckHealth(UseCaseContext& context) : context_(context) {}
  Status handle() { return context_.storage.ping(); }

 private:
  UseCaseContext& context_;
};

}  // namespace chat
