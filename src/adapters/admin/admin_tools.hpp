#pragma once
// What an admin command works with: the server's database and the use cases' ports, as
// the server builds them but without its network side (no hub to tell of events, no
// tokens handed out).
#include <memory>

#include "app/ports/storage.hpp"
#include "app/use_case_context.hpp"
#include "config/config.hpp"

namespace chat::admin {

class Tools {
 public:
  // Opens the database (applying pending migrations, as the server does).
  static Result<std::unique_ptr<Tools>> open(const Config& config);
  ~Tools();

  Storage& storage() { return *storage_; }
  Secrets& secrets();
  UseCaseContext& context() { return *context_; }

 private:
  struct Ports;
  Tools(std::unique_ptr<Storage> storage, const Config& config);

  std::unique_ptr<Storage> storage_;
  std::unique_ptr<Ports> ports_;
  std::unique_ptr<UseCaseContext> context_;
};

}  // namespace chat::admin
