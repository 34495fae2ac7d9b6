// start, stop, restart, signal and clear (supervisorctl's do_start ... do_clear): each takes
// process names, `group:`/`group:*` and `all`, and prints one line per result.
#include <algorithm>
#include <optional>

#include "ctl/commands.h"
#include "ctl/controller.h"

namespace svc::ctl {
namespace {

using ResultText = std::optional<std::string> (*)(const std::string& ns, int code,
                                                  const std::string& description);

// One family's vocabulary: its RPC methods and how a result reads.
struct Family {
  const char* verb;         // for "Error: <verb> requires a process name"
  int usage_exit;           // exit status of that error (start: 2, others: 1)
  int group_bad_name_exit;  // exit status after "<g>: ERROR (no such group)"
  int ignored_fault;        // the fault that leaves the exit status alone
  const char* all_method;
  const char* group_method;
  const char* process_method;
  ResultText text;
};

std::optional<std::string> StartText(const std::string& ns, int code, const std::string&) {
  return StartResultText(ns, code);
}
std::optional<std::string> StopText(const std::string& ns, int code, const std::string& d) {
  return SignalResultText(ns, code, d, "stopped");
}
std::optional<std::string> SignalText(const std::string& ns, int code, const std::string& d) {
  return SignalResultText(ns, code, d, "signalled");
}
std::optional<std::string> ClearText(const std::string& ns, int code, const std::string&) {
  return ClearResultText(ns, code);
}

const Family kStart{"start",
                    exits::kInvalidArgs,
                    exits::kInvalidArgs,
                    faults::kAlreadyStarted,
                    "supervisor.startAllProcesses",
                    "supervisor.startProcessGroup",
                    "supervisor.startProcess",
                    StartText};
const Family kStop{"stop",
                   exits::kGeneric,
                   exits::kGeneric,
                   faults::kNotRunning,
                   "supervisor.stopAllProcesses",
                   "supervisor.stopProcessGroup",
                   "supervisor.stopProcess",
                   StopText};
const Family kSignal{"signal",
                     exits::kGeneric,
                     exits::kGeneric,
                     -1,
                     "supervisor.signalAllProcesses",
                     "supervisor.signalProcessGroup",
                     "supervisor.signalProcess",
                     SignalText};
const Family kClear{"clear",
                    exits::kGeneric,
                    exits::kGeneric,
                    -1,
                    "supervisor.clearAllProcessLogs",
                    nullptr,
                    "supervisor.clearProcessLogs",
                    ClearText};

// One result line. supervisorctl raises ValueError on a code it does not expect (quirk 37);
// svcctl prints the fault string instead.
void Report(Controller& ctl, const Family& family, const std::string& ns, int code,
            const std::string& description) {
  auto text = family.text(ns, code, description);
  ctl.Output(text ? *text : ns + ": ERROR (" + description + ")");
  ctl.SetExitFromFault(code, family.ignored_fault);
}

void ReportResults(Controller& ctl, const Family& family, const Value& results) {
  for (const auto& r : results.Arr()) {
    Report(ctl, family, MakeNamespec(r.Get("group").Str(), r.Get("name").Str()),
           static_cast<int>(r.Get("status").Int()), r.Get("description").Str());
  }
}

bool Contains(const std::vector<std::string>& names, const char* word) {
  return std::find(names.begin(), names.end(), word) != names.end();
}

// The part shared by all families once the arguments are known. `extra` (the signal) follows
// the name in every call.
bool Apply(Controller& ctl, const Family& family, const std::vector<std::string>& names,
           const Array& extra) {
  if (Contains(names, "all")) {
    auto results = ctl.rpc().Call(family.all_method, extra);
    if (!results) return ctl.Unhandled(results.error());
    ReportResults(ctl, family, *results);
    return false;
  }
  for (const auto& name : names) {
    NameSpec spec = SplitNamespec(name);
    Array params{Value(spec.process || family.group_method == nullptr ? name : spec.group)};
    params.insert(params.end(), extra.begin(), extra.end());
    if (!spec.process && family.group_method != nullptr) {
      auto results = ctl.rpc().Call(family.group_method, params);
      if (results) {
        ReportResults(ctl, family, *results);
      } else if (results.error().IsFault(faults::kBadName)) {
        ctl.Output(spec.group + ": ERROR (no such group)");
        ctl.SetExit(family.group_bad_name_exit);
      } else {
        return ctl.Unhandled(results.error());
      }
      continue;
    }
    // `clear g:*` names no single process; supervisorctl prints it as `g:None`.
    std::string ns = spec.process ? MakeNamespec(spec.group, *spec.process) : spec.group + ":None";
    auto result = ctl.rpc().Call(family.process_method, params);
    if (result) {
      Report(ctl, family, ns, faults::kSuccess, "OK");
    } else if (result.error().kind == RpcError::Kind::kFault) {
      Report(ctl, family, ns, result.error().code, result.error().text);
    } else {
      return ctl.Unhandled(result.error());
    }
  }
  return false;
}

bool Run(Controller& ctl, const Family& family, const std::string& arg) {
  if (!ctl.Upcheck()) return false;
  std::vector<std::string> names = PySplit(arg);
  if (names.empty()) {
    ctl.Output(std::string("Error: ") + family.verb + " requires a process name");
    ctl.SetExit(family.usage_exit);
    PrintHelp(ctl, family.verb);
    return false;
  }
  return Apply(ctl, family, names, {});
}

}  // namespace

bool CmdStart(Controller& ctl, const std::string& arg) { return Run(ctl, kStart, arg); }
bool CmdStop(Controller& ctl, const std::string& arg) { return Run(ctl, kStop, arg); }
bool CmdClear(Controller& ctl, const std::string& arg) { return Run(ctl, kClear, arg); }

bool CmdRestart(Controller& ctl, const std::string& arg) {
  if (!ctl.Upcheck()) return false;
  if (PySplit(arg).empty()) {
    ctl.Output("Error: restart requires a process name");
    ctl.SetExit(exits::kGeneric);
    PrintHelp(ctl, "restart");
    return false;
  }
  CmdStop(ctl, arg);
  return CmdStart(ctl, arg);
}

bool CmdSignal(Controller& ctl, const std::string& arg) {
  if (!ctl.Upcheck()) return false;
  std::vector<std::string> args = PySplit(arg);
  if (args.size() < 2) {
    ctl.Output("Error: signal requires a signal name and a process name");
    PrintHelp(ctl, "signal");
    ctl.SetExit(exits::kGeneric);
    return false;
  }
  std::vector<std::string> names(args.begin() + 1, args.end());
  return Apply(ctl, kSignal, names, {Value(args[0])});
}

}  // namespace svc::ctl
