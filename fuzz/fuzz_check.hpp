#pragma once
// FUZZ_CHECK: a property a fuzz target asserts. A failure prints the condition and the
// message and aborts, which libFuzzer reports as a crash and keeps the input of.
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, message)                                                           \
  do {                                                                                           \
    if (!(condition)) {                                                                          \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed: %s\n", __FILE__, __LINE__, #condition, \
                   message);                                                                     \
      std::abort();                                                                              \
    }                                                                                            \
  } while (false)
