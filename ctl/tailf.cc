// Following a log over HTTP; SIGINT ends it (and only it) while it runs.
#include "ctl/tailf.h"

#include <cstdio>

#include "ctl/controller.h"

namespace svc::ctl {
namespace {

volatile sig_atomic_t g_interrupted = 0;

void OnInterrupt(int) { g_interrupted = 1; }

}  // namespace

InterruptScope::InterruptScope() {
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  g_interrupted = 0;
  sigaction(SIGINT, &action, &saved_);
}

InterruptScope::~InterruptScope() {
  sigaction(SIGINT, &saved_, nullptr);
  g_interrupted = 0;
}

bool InterruptScope::interrupted() { return g_interrupted != 0; }

bool StreamToStdout(Controller& ctl, const std::string& path, const std::atomic<bool>& stop) {
  const ServerAddress& server = ctl.options().server;
  auto sink = [](std::string_view data) {
    std::fwrite(data.data(), 1, data.size(), stdout);
    std::fflush(stdout);
  };
  auto should_stop = [&] { return stop.load() || InterruptScope::interrupted(); };
  auto status = StreamGet(server, path, sink, should_stop);
  if (should_stop()) return true;
  if (!status) {
    // http_client.HTTPHandler.handle_error's report.
    RpcError error{RpcError::Kind::kSocket, status.error().os_errno, status.error().message};
    std::fprintf(stderr, "%s%s Cannot connect, error: %s\n", server.url.c_str(), path.c_str(),
                 DescribeError(error).c_str());
  } else if (*status != 200) {
    std::fprintf(stderr, "%s%s Cannot read, status code %ld\n", server.url.c_str(), path.c_str(),
                 *status);
  }
  return false;
}

void TailFollow(Controller& ctl, const std::string& path) {
  ctl.Output("==> Press Ctrl-C to exit <==");
  InterruptScope scope;
  std::atomic<bool> never{false};
  if (StreamToStdout(ctl, path, never)) ctl.Output("");
}

}  // namespace svc::ctl
