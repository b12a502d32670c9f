// PDZ_ASSERT: for programmer errors only; expected failures are Result values.
#pragma once

#include <cstdio>
#include <cstdlib>

#define PDZ_ASSERT(cond, why)                                                                     \
  do {                                                                                            \
    if (!(cond)) {                                                                                \
      std::fprintf(stderr, "%s:%d: assertion failed: %s (%s)\n", __FILE__, __LINE__, #cond, why); \
      std::abort();                                                                               \
    }                                                                                             \
  } while (0)
