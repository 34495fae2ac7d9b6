// tail and maintail (supervisorctl's do_tail, do_maintail).
#include <cctype>
#include <cstdint>

#include "ctl/commands.h"
#include "ctl/controller.h"
#include "ctl/tailf.h"

namespace svc::ctl {
namespace {

constexpr long long kDefaultBytes = 1600;

// The read call and its error texts; `who` is the name printed before ": ERROR".
bool ReadAndPrint(Controller& ctl, const std::string& method, Array params, const std::string& who,
                  bool knows_bad_name) {
  auto output = ctl.rpc().Call(method, params);
  if (output) {
    ctl.Output(output->Str());
    return false;
  }
  const RpcError& e = output.error();
  ctl.SetExit(exits::kGeneric);
  if (e.IsFault(faults::kNoFile)) {
    ctl.Output(who + ": ERROR (no log file)");
  } else if (e.IsFault(faults::kFailed)) {
    ctl.Output(who + ": ERROR (unknown error reading log)");
  } else if (knows_bad_name && e.IsFault(faults::kBadName)) {
    ctl.Output(who + ": ERROR (no such process name)");
  } else {
    return ctl.Unhandled(e);
  }
  return false;
}

// Python's xmlrpc.client refuses ints outside int32 before sending anything.
bool FitsXmlRpcInt(Controller& ctl, long long bytes) {
  if (bytes >= INT32_MIN && bytes <= INT32_MAX && -bytes >= INT32_MIN && -bytes <= INT32_MAX) {
    return true;
  }
  ctl.SetExit(exits::kGeneric);
  ctl.Output("error: <class 'OverflowError'>, int exceeds XML-RPC limits");
  return false;
}

bool Fail(Controller& ctl, const std::string& message) {
  ctl.Output(message);
  ctl.SetExit(exits::kGeneric);
  return false;
}

}  // namespace

bool CmdTail(Controller& ctl, const std::string& arg) {
  if (!ctl.Upcheck()) return false;
  std::vector<std::string> args = PySplit(arg);
  if (args.empty() || args.size() > 3) {
    Fail(ctl, args.empty() ? "Error: too few arguments" : "Error: too many arguments");
    PrintHelp(ctl, "tail");
    return false;
  }
  std::string modifier;
  if (args[0][0] == '-') {
    modifier = args[0];
    args.erase(args.begin());
  }
  std::string name;
  std::string channel = "stdout";
  if (args.empty()) return Fail(ctl, "Error: tail requires process name");
  name = args.front();
  if (args.size() > 1) {
    channel = args.back();
    for (auto& c : channel) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (channel != "stderr" && channel != "stdout") {
      return Fail(ctl, "Error: bad channel " + PyRepr(channel));
    }
  }
  long long bytes = kDefaultBytes;
  if (!modifier.empty()) {
    if (modifier.substr(1) == "f") {
      TailFollow(ctl, "/logtail/" + name + "/" + channel);
      return false;
    }
    auto n = PyInt(modifier.substr(1));
    if (!n) return Fail(ctl, "Error: bad argument " + modifier);
    bytes = *n;
  }
  if (!FitsXmlRpcInt(ctl, bytes)) return false;
  std::string method =
      channel == "stdout" ? "supervisor.readProcessStdoutLog" : "supervisor.readProcessStderrLog";
  return ReadAndPrint(ctl, method, {Value(name), Value(static_cast<int64_t>(-bytes)), Value(0)},
                      name, true);
}

bool CmdMaintail(Controller& ctl, const std::string& arg) {
  if (!ctl.Upcheck()) return false;
  std::vector<std::string> args = PySplit(arg);
  if (args.size() > 1) {
    Fail(ctl, "Error: too many arguments");
    PrintHelp(ctl, "maintail");
    return false;
  }
  long long bytes = kDefaultBytes;
  if (args.size() == 1) {
    if (args[0][0] != '-') return Fail(ctl, "Error: bad argument " + args[0]);
    if (args[0].substr(1) == "f") {
      TailFollow(ctl, "/mainlogtail");
      return false;
    }
    auto n = PyInt(args[0].substr(1));
    if (!n) return Fail(ctl, "Error: bad argument " + args[0]);
    bytes = *n;
  }
  if (!FitsXmlRpcInt(ctl, bytes)) return false;
  return ReadAndPrint(ctl, "supervisor.readLog", {Value(static_cast<int64_t>(-bytes)), Value(0)},
                      "supervisord", false);
}

}  // namespace svc::ctl
