// SVC_CORE_CHECK: abort with file:line when the daemon feeds the core an impossible input
// (design.md: impossible states abort; likely failures become states or log lines instead).
#pragma once

namespace svc::runtime::core {

[[noreturn]] void CheckFailed(const char* file, int line, const char* condition);

}  // namespace svc::runtime::core

#define SVC_CORE_CHECK(condition)     \
  ((condition) ? static_cast<void>(0) \
               : ::svc::runtime::core::CheckFailed(__FILE__, __LINE__, #condition))
