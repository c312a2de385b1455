#pragma once
// Thread-safe: libsodium is initialised exactly once, by whichever thread comes first.
namespace chat {

// Initialises libsodium once per process; every adapter in this folder calls it before it
// uses libsodium. Aborts when libsodium cannot start (no usable random source): no secret
// can then be created safely, so the server must not run.
void ensureSodiumInitialized();

}  // namespace chat
