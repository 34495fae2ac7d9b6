// status and pid (supervisorctl's do_status, do_pid).
#include <algorithm>

#include "ctl/commands.h"
#include "ctl/controller.h"

namespace svc::ctl {
namespace {

// supervisor.states.STOPPED_STATES: STOPPED, EXITED, FATAL, UNKNOWN.
bool IsStoppedState(int64_t state) {
  return state == 0 || state == 100 || state == 200 || state == 1000;
}

StatusRow RowOf(const Value& info) {
  return {info.Get("group").Str(), info.Get("name").Str(), info.Get("statename").Str(),
          info.Get("description").Str()};
}

// The infos `names` select, printing an error line for each name that selects nothing.
Array Select(Controller& ctl, const Array& all, const std::vector<std::string>& names) {
  Array matching;
  for (const auto& name : names) {
    NameSpec spec = SplitNamespec(name);
    bool bad_name = true;
    for (const auto& info : all) {
      bool matched = info.Get("group").Str() == spec.group;
      if (spec.process) matched = matched && info.Get("name").Str() == *spec.process;
      if (matched) {
        bad_name = false;
        matching.push_back(info);
      }
    }
    if (bad_name) {
      ctl.Output(spec.process ? name + ": ERROR (no such process)"
                              : spec.group + ": ERROR (no such group)");
      ctl.SetExit(exits::kStatusUnknown);
    }
  }
  return matching;
}

}  // namespace

bool CmdStatus(Controller& ctl, const std::string& arg) {
  // Every upcheck failure becomes LSB status 4 ("unknown"), as in supervisorctl.
  if (!ctl.Upcheck()) {
    ctl.SetExit(exits::kStatusUnknown);
    return false;
  }
  auto all = ctl.rpc().Call("supervisor.getAllProcessInfo");
  if (!all) return ctl.Unhandled(all.error());
  std::vector<std::string> names = PySplit(arg);
  bool everything = names.empty() || std::find(names.begin(), names.end(), "all") != names.end();
  Array matching = everything ? all->Arr() : Select(ctl, all->Arr(), names);
  std::vector<StatusRow> rows;
  for (const auto& info : matching) rows.push_back(RowOf(info));
  for (const auto& line : FormatStatusLines(rows)) ctl.Output(line);
  for (const auto& info : matching) {
    if (IsStoppedState(info.Get("state").Int())) ctl.SetExit(exits::kStatusNotRunning);
  }
  return false;
}

bool CmdPid(Controller& ctl, const std::string& arg) {
  if (!ctl.Upcheck()) return false;
  std::vector<std::string> names = PySplit(arg);
  if (names.empty()) {
    auto pid = ctl.rpc().Call("supervisor.getPID");
    if (!pid) return ctl.Unhandled(pid.error());
    ctl.Output(std::to_string(pid->Int()));
  } else if (std::find(names.begin(), names.end(), "all") != names.end()) {
    auto all = ctl.rpc().Call("supervisor.getAllProcessInfo");
    if (!all) return ctl.Unhandled(all.error());
    for (const auto& info : all->Arr()) ctl.Output(std::to_string(info.Get("pid").Int()));
  } else {
    for (const auto& name : names) {
      auto info = ctl.rpc().Call("supervisor.getProcessInfo", {Value(name)});
      if (!info) {
        if (!info.error().IsFault(faults::kBadName)) return ctl.Unhandled(info.error());
        ctl.SetExit(exits::kGeneric);
        ctl.Output("No such process " + name);
        continue;
      }
      int64_t pid = info->Get("pid").Int();
      ctl.Output(std::to_string(pid));
      if (pid == 0) ctl.SetExit(exits::kNotRunning);
    }
  }
  return false;
}

}  // namespace svc::ctl
