#include "base/check.h"

#include <cstdio>
#include <cstdlib>

namespace mamon::detail {

void check_failed(const char* expr, const char* file, int line, const char* message) {
  std::fprintf(stderr, "mamon: CHECK failed at %s:%d: %s %s\n", file, line, expr, message);
  std::fflush(stderr);
  std::abort();
}

}  // namespace mamon::detail
