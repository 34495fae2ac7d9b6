// fg (supervisorctl's do_fg): stream a process's stdout and stderr while sending each line
// typed to its stdin, until Ctrl-C, end of input, or the process stops running.
#include <atomic>
#include <iostream>
#include <thread>

#include "ctl/commands.h"
#include "ctl/controller.h"
#include "ctl/tailf.h"

namespace svc::ctl {
namespace {

constexpr int64_t kRunning = 20;

std::string FaultStr(const RpcError& e) {  // Python's str(Fault)
  return "<Fault " + std::to_string(e.code) + ": " + PyRepr(e.text) + ">";
}

// Forwards stdin lines until something ends the session; prints why.
void Forward(Controller& ctl, const std::string& name) {
  std::string line;
  while (!InterruptScope::interrupted() && std::getline(std::cin, line)) {
    auto sent = ctl.rpc().Call("supervisor.sendProcessStdin", {Value(name), Value(line + "\n")});
    if (!sent) {
      const RpcError& e = sent.error();
      ctl.Output(e.IsFault(faults::kNotRunning)
                     ? "Process got killed"
                     : "ERROR: " +
                           (e.kind == RpcError::Kind::kFault ? FaultStr(e) : DescribeError(e)));
      break;
    }
    auto info = ctl.rpc().Call("supervisor.getProcessInfo", {Value(name)});
    if (!info || info->Get("state").Int() != kRunning) {
      ctl.Output("Process got killed");
      break;
    }
  }
  // Ctrl-C and end of input end it too; supervisorctl can hang at EOF (quirk 39), svcctl
  // does not.
  ctl.Output("Exiting foreground");
}

}  // namespace

bool CmdFg(Controller& ctl, const std::string& arg) {
  if (!ctl.Upcheck()) return false;
  std::vector<std::string> names = PySplit(arg);
  if (names.size() != 1) {
    ctl.Output(names.empty() ? "ERROR: no process name supplied"
                             : "ERROR: too many process names supplied");
    ctl.SetExit(exits::kGeneric);
    if (names.empty()) PrintHelp(ctl, "fg");
    return false;
  }
  const std::string& name = names[0];
  auto info = ctl.rpc().Call("supervisor.getProcessInfo", {Value(name)});
  if (!info) {
    const RpcError& e = info.error();
    if (e.IsFault(faults::kBadName)) {
      ctl.Output("ERROR: bad process name supplied");
      ctl.SetExit(exits::kGeneric);
    } else if (e.kind == RpcError::Kind::kFault) {
      ctl.Output("ERROR: " + FaultStr(e));
    } else {
      return ctl.Unhandled(e);
    }
    return false;
  }
  if (info->Get("state").Int() != kRunning) {
    ctl.Output("ERROR: process not running");
    ctl.SetExit(exits::kGeneric);
    return false;
  }
  ctl.Output("==> Press Ctrl-C to exit <==");
  InterruptScope scope;
  std::atomic<bool> stop{false};
  std::thread out([&] { StreamToStdout(ctl, "/logtail/" + name + "/stdout", stop); });
  std::thread err([&] { StreamToStdout(ctl, "/logtail/" + name + "/stderr", stop); });
  Forward(ctl, name);
  stop = true;
  out.join();
  err.join();
  return false;
}

}  // namespace svc::ctl
