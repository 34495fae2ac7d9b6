// avail, reread, add, remove and update (supervisorctl's config-related actions).
#include <algorithm>
#include <map>
#include <set>

#include "ctl/commands.h"
#include "ctl/controller.h"

namespace svc::ctl {
namespace {

bool NoArguments(Controller& ctl, const std::string& verb, const std::string& arg) {
  if (arg.empty()) return true;
  ctl.Output("Error: " + verb + " accepts no arguments");
  ctl.SetExit(exits::kGeneric);
  PrintHelp(ctl, verb);
  return false;
}

std::vector<std::string> Strings(const Value& v) {
  std::vector<std::string> out;
  for (const auto& item : v.Arr()) out.push_back(item.Str());
  return out;
}

// reloadConfig's [[added, changed, removed]].
struct Changes {
  std::vector<std::string> added, changed, removed;
};

Changes ChangesOf(const Value& result) {
  const Value& triple = result.Arr().empty() ? result : result.Arr()[0];
  const Array& parts = triple.Arr();
  Changes c;
  if (parts.size() == 3) {
    c.added = Strings(parts[0]);
    c.changed = Strings(parts[1]);
    c.removed = Strings(parts[2]);
  }
  return c;
}

}  // namespace

bool CmdAvail(Controller& ctl, const std::string& arg) {
  if (!NoArguments(ctl, "avail", arg)) return false;
  auto infos = ctl.rpc().Call("supervisor.getAllConfigInfo");
  if (!infos) {
    ctl.SetExit(exits::kGeneric);
    if (!infos.error().IsFault(faults::kShutdownState)) return ctl.Unhandled(infos.error());
    ctl.Output("ERROR: supervisor shutting down");
    return false;
  }
  for (const auto& info : infos->Arr()) {
    ctl.Output(FormatAvailLine({info.Get("group").Str(), info.Get("name").Str(),
                                info.Get("inuse").Bool(), info.Get("autostart").Bool(),
                                info.Get("group_prio").Int(), info.Get("process_prio").Int()}));
  }
  return false;
}

bool CmdReread(Controller& ctl, const std::string& arg) {
  if (!NoArguments(ctl, "reread", arg)) return false;
  auto result = ctl.rpc().Call("supervisor.reloadConfig");
  if (!result) {
    const RpcError& e = result.error();
    ctl.SetExit(exits::kGeneric);
    if (e.IsFault(faults::kShutdownState)) {
      ctl.Output("ERROR: supervisor shutting down");
    } else if (e.IsFault(faults::kCantReread)) {
      ctl.Output("ERROR: " + e.text);
    } else {
      return ctl.Unhandled(e);
    }
    return false;
  }
  Changes c = ChangesOf(*result);
  // One dict keyed by name: a later category overwrites an earlier one, as in _formatChanges.
  std::map<std::string, std::string> lines;
  for (const auto& n : c.added) lines[n] = "available";
  for (const auto& n : c.changed) lines[n] = "changed";
  for (const auto& n : c.removed) lines[n] = "disappeared";
  if (lines.empty()) ctl.Output("No config updates to processes");
  for (const auto& [name, what] : lines) ctl.Output(name + ": " + what);
  return false;
}

bool CmdAdd(Controller& ctl, const std::string& arg) {
  for (const auto& name : PySplit(arg)) {
    auto added = ctl.rpc().Call("supervisor.addProcessGroup", {Value(name)});
    if (added) {
      ctl.Output(name + ": added process group");
      continue;
    }
    const RpcError& e = added.error();
    if (e.IsFault(faults::kShutdownState)) {
      ctl.Output("ERROR: shutting down");
      ctl.SetExit(exits::kGeneric);
    } else if (e.IsFault(faults::kAlreadyAdded)) {
      ctl.Output("ERROR: process group already active");
    } else if (e.IsFault(faults::kBadName)) {
      ctl.Output("ERROR: no such process/group: " + name);
      ctl.SetExit(exits::kGeneric);
    } else {
      return ctl.Unhandled(e);
    }
  }
  return false;
}

bool CmdRemove(Controller& ctl, const std::string& arg) {
  for (const auto& name : PySplit(arg)) {
    auto removed = ctl.rpc().Call("supervisor.removeProcessGroup", {Value(name)});
    if (removed) {
      ctl.Output(name + ": removed process group");
      continue;
    }
    const RpcError& e = removed.error();
    ctl.SetExit(exits::kGeneric);
    if (e.IsFault(faults::kStillRunning)) {
      ctl.Output("ERROR: process/group still running: " + name);
    } else if (e.IsFault(faults::kBadName)) {
      ctl.Output("ERROR: no such process/group: " + name);
    } else {
      return ctl.Unhandled(e);
    }
  }
  return false;
}

}  // namespace svc::ctl
