#include "runtime/core/check.h"

#include <cstdio>
#include <cstdlib>

namespace svc::runtime::core {

void CheckFailed(const char* file, int line, const char* condition) {
  std::fprintf(stderr, "%s:%d: svc core check failed: %s\n", file, line, condition);
  std::abort();
}

}  // namespace svc::runtime::core
