// What a bearer check costs on a network thread, by who signed the token: this server
// (HS256) or an identity provider (RS256, ES256, EdDSA); and what a login's password check
// costs: argon2id, or an imported ASP.NET Core Identity hash (first login only).
// Run: build/release/benchmarks/security_benchmark
#include <benchmark/benchmark.h>

#include "adapters/security/argon2_password_hasher.hpp"
#include "adapters/security/aspnet_identity_hash.hpp"
#include "adapters/security/external_tokens.hpp"
#include "adapters/security/jwt_access_tokens.hpp"
#include "adapters/security/test_keys_test_support.hpp"

namespace chat {
namespace {

namespace json = boost::json;
using test_keys::SigningKey;

class FixedClock : public Clock {
 public:
  Timestamp now() override { return Timestamp{std::chrono::seconds(1'700'000'000)}; }
};

json::object providerClaims() {
  return {{"iss", "https://id.example.com"},
          {"aud", "chatserver"},
          {"sub", "248289761001"},
          {"preferred_username", "jane"},
          {"exp", 1'700'000'300}};
}

void verifyOwnHs256(benchmark::State& state) {
  FixedClock clock;
  auto tokens = std::move(JwtAccessTokens::create({std::string(32, 'k')}, clock)).value();
  const std::string token = tokens->issue({42, "jane", "session-1"}).token;
  for (auto _ : state) benchmark::DoNotOptimize(tokens->verify(token));
}
BENCHMARK(verifyOwnHs256);

void verifyProvider(benchmark::State& state, SigningKey::Kind kind) {
  FixedClock clock;
  SigningKey key(kind);
  auto keys = parseJwks(json::serialize(json::object{{"keys", json::array{key.jwk("k1")}}}));
  ExternalTokens tokens(std::move(keys).value(), {"https://id.example.com", "chatserver"}, clock);
  const std::string token = key.sign(providerClaims(), {{"kid", "k1"}});
  for (auto _ : state) benchmark::DoNotOptimize(tokens.verify(token));
}
BENCHMARK_CAPTURE(verifyProvider, RS256, SigningKey::Kind::kRsa);
BENCHMARK_CAPTURE(verifyProvider, ES256, SigningKey::Kind::kP256);
BENCHMARK_CAPTURE(verifyProvider, EdDSA, SigningKey::Kind::kEd25519);

void passwordArgon2id(benchmark::State& state) {
  Argon2PasswordHasher hasher;
  const std::string hash = hasher.hash("correct horse").value();
  for (auto _ : state) benchmark::DoNotOptimize(hasher.verify(hash, "correct horse"));
}
BENCHMARK(passwordArgon2id)->Unit(benchmark::kMillisecond);

// The original server's hashes: Identity V3, PBKDF2-HMAC-SHA256, 10,000 iterations.
void passwordImportedIdentityV3(benchmark::State& state) {
  const std::string hash =
      "AQAAAAEAACcQAAAAEAABAgMEBQYHCAkKCwwNDg+yWU7rLgUwPZb1Itsmra7cbxw2EFpwpVFIEtP+JIuUEw==";
  if (!verifyAspNetIdentityHash(hash, "my password")) state.SkipWithError("the hash must verify");
  for (auto _ : state) benchmark::DoNotOptimize(verifyAspNetIdentityHash(hash, "my password"));
}
BENCHMARK(passwordImportedIdentityV3)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace chat
