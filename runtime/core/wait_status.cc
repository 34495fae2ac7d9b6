#include "runtime/core/wait_status.h"

#include <sys/wait.h>

#include <cstdio>

#include "runtime/core/signals.h"

namespace svc::runtime::core {

WaitStatus DecodeWaitStatus(int status) {
  if (WIFEXITED(status)) {
    const int code = WEXITSTATUS(status) & 0xffff;
    return {code, "exit status " + std::to_string(code)};
  }
  if (WIFSIGNALED(status)) {
    std::string text = "terminated by " + SignalName(WTERMSIG(status));
    if (WCOREDUMP(status)) text += " (core dumped)";
    return {-1, text};
  }
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%04x", static_cast<unsigned>(status));
  return {-1, std::string("unknown termination cause ") + hex};
}

}  // namespace svc::runtime::core
