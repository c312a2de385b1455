#include "adapters/admin/admin_tools.hpp"

#include <filesystem>
#include <system_error>

#include "adapters/security/argon2_password_hasher.hpp"
#include "adapters/security/jwt_access_tokens.hpp"
#include "adapters/security/sodium_secrets.hpp"
#include "adapters/security/system_clock.hpp"
#include "adapters/security/upgrading_password_hasher.hpp"
#include "adapters/storage/open_storage.hpp"

namespace chat::admin {
namespace {

// The servers hear of an admin's change through the database, not from this process.
class NoGroupEvents final : public GroupEvents {
 public:
  void messageStored(const Message&) override {}
  void messageChanged(const Message&) override {}
  void memberJoined(GroupId, UserId, std::string_view) override {}
  void memberRoleChanged(GroupId, const GroupMember&) override {}
  void memberPresence(std::span<const GroupId>, UserId, std::string_view, bool) override {}
  void memberLeft(GroupId, UserId) override {}
  void memberTyping(GroupId, UserId, std::string_view) override {}
  void readMarkerMoved(UserId, const ReadMarker&) override {}
};

}  // namespace

struct Tools::Ports {
  SystemClock clock;
  Argon2PasswordHasher argon2;
  UpgradingPasswordHasher passwords{argon2};
  SodiumSecrets secrets;
  NoGroupEvents events;
  // Never asked to sign: admin commands open no sessions. A throwaway key fills the port.
  std::unique_ptr<JwtAccessTokens> access_tokens;
};

Result<std::unique_ptr<Tools>> Tools::open(const Config& config) {
  if (auto path = sqlitePath(config.database, config.data_dir)) {
    // As the server does at start: a new data directory is made, not refused.
    std::error_code error;
    std::filesystem::create_directories(std::filesystem::path(*path).parent_path(), error);
  }
  auto storage = openStorage(config.database, config.data_dir);
  if (!storage) return storage.error();
  auto tools = std::unique_ptr<Tools>(new Tools(std::move(storage).value(), config));
  if (!tools->ports_->access_tokens) return Error::internal("cannot make a token signer");
  return tools;
}

Tools::Tools(std::unique_ptr<Storage> storage, const Config& config)
    : storage_(std::move(storage)), ports_(std::make_unique<Ports>()) {
  JwtOptions throwaway = config.jwt;
  throwaway.key = ports_->secrets.randomToken() + ports_->secrets.randomToken();
  if (auto tokens = JwtAccessTokens::create(throwaway, ports_->clock)) {
    ports_->access_tokens = std::move(tokens).value();
  }
  if (!ports_->access_tokens) return;
  context_ = std::make_unique<UseCaseContext>(
      UseCaseContext{*storage_, ports_->passwords, *ports_->access_tokens, ports_->secrets,
                     ports_->clock, ports_->events, config.limits, config.refresh_lifetime});
}

Tools::~Tools() {
  context_.reset();
  if (storage_) storage_->stopWrites();
}

Secrets& Tools::secrets() {
  return ports_->secrets;
}

}  // namespace chat::admin
