#include "adapters/security/sodium_init.hpp"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>

namespace chat {

void ensureSodiumInitialized() {
  // A function-local static is initialised once, thread-safely (C++11 "magic statics").
  static const bool ready = sodium_init() >= 0;
  if (!ready) {
    std::fputs("fatal: libsodium could not be initialised\n", stderr);
    std::abort();
  }
}

}  // namespace chat
