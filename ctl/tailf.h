// `tail -f`, `maintail -f` and fg's output: stream an HTTP log-tail URL to stdout until
// Ctrl-C, as supervisorctl's _tailf and its asyncore http_client do.
#pragma once

#include <signal.h>

#include <atomic>
#include <string>

namespace svc::ctl {

class Controller;

// While alive, SIGINT sets a flag instead of killing svcctl (Python's KeyboardInterrupt).
// The handler is installed without SA_RESTART, so a blocked read returns EINTR.
class InterruptScope {
 public:
  InterruptScope();
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;
  static bool interrupted();

 private:
  struct sigaction saved_ {};
};

// Prints `==> Press Ctrl-C to exit <==`, then streams `path` (e.g. /logtail/x/stdout).
void TailFollow(Controller& ctl, const std::string& path);

// Streams `path` to stdout until the server closes it, `stop` turns true or SIGINT arrives
// (inside an InterruptScope); errors go to stderr as `<url><path> <message>`. Returns true if
// it was stopped rather than ended.
bool StreamToStdout(Controller& ctl, const std::string& path, const std::atomic<bool>& stop);

}  // namespace svc::ctl
