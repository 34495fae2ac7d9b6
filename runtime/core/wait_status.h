// Decoding of a waitpid() status into supervisord's exit status and exit text
// (options.decode_wait_status): "exit status 3", "terminated by SIGTERM (core dumped)", ….
#pragma once

#include <string>

namespace svc::runtime::core {

struct WaitStatus {
  int exitstatus = 0;  // the exit code, or -1 when the process did not exit normally
  std::string text;    // the parenthesised part of "exited: x (…; expected)"
};

WaitStatus DecodeWaitStatus(int status);

}  // namespace svc::runtime::core
