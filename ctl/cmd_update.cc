// update (supervisorctl's do_update): reloadConfig, then stop+remove the removed groups,
// stop+remove+add the changed ones, add the new ones.
#include <algorithm>
#include <set>

#include "ctl/commands.h"
#include "ctl/controller.h"

namespace svc::ctl {
namespace {

std::vector<std::string> Strings(const Value& v) {
  std::vector<std::string> out;
  for (const auto& item : v.Arr()) out.push_back(item.Str());
  return out;
}

bool Call(Controller& ctl, const char* method, const std::string& group, Value* out = nullptr) {
  auto result = ctl.rpc().Call(method, {Value(group)});
  if (!result) return ctl.Unhandled(result.error());
  if (out != nullptr) *out = std::move(*result);
  return true;
}

// Names that are neither current nor added groups get an error line (processing goes on).
bool CheckNames(Controller& ctl, const std::set<std::string>& wanted,
                const std::vector<std::string>& added) {
  auto infos = ctl.rpc().Call("supervisor.getAllProcessInfo");
  if (!infos) return ctl.Unhandled(infos.error());
  std::set<std::string> groups(added.begin(), added.end());
  for (const auto& info : infos->Arr()) groups.insert(info.Get("group").Str());
  for (const auto& name : wanted) {
    if (groups.count(name) == 0) {
      ctl.Output("ERROR: no such group: " + name);
      ctl.SetExit(exits::kGeneric);
    }
  }
  return true;
}

}  // namespace

bool CmdUpdate(Controller& ctl, const std::string& arg) {
  auto result = ctl.rpc().Call("supervisor.reloadConfig");
  if (!result) {
    const RpcError& e = result.error();
    ctl.SetExit(exits::kGeneric);
    if (e.IsFault(faults::kShutdownState)) {
      ctl.Output("ERROR: already shutting down");
    } else if (e.IsFault(faults::kCantReread)) {
      // supervisorctl lets this fault escape as a generic error line (quirk 36); svcctl
      // reports it as reread does.
      ctl.Output("ERROR: " + e.text);
    } else {
      return ctl.Unhandled(e);
    }
    return false;
  }
  const Array& outer = result->Arr();
  const Array& parts = outer.empty() ? outer : outer[0].Arr();
  if (parts.size() != 3) return false;
  std::vector<std::string> added = Strings(parts[0]);
  std::vector<std::string> changed = Strings(parts[1]);
  std::vector<std::string> removed = Strings(parts[2]);

  std::vector<std::string> words = PySplit(arg);
  std::set<std::string> wanted(words.begin(), words.end());
  if (wanted.count("all") != 0) wanted.clear();
  if (!wanted.empty() && !CheckNames(ctl, wanted, added)) return false;
  auto skip = [&](const std::string& g) { return !wanted.empty() && wanted.count(g) == 0; };

  for (const auto& g : removed) {
    if (skip(g)) continue;
    Value results;
    if (!Call(ctl, "supervisor.stopProcessGroup", g, &results)) return false;
    ctl.Output(g + ": stopped");
    bool failed = std::any_of(results.Arr().begin(), results.Arr().end(), [](const Value& r) {
      return r.Get("status").Int() == faults::kFailed;
    });
    if (failed) {
      ctl.Output(g + ": has problems; not removing");
      ctl.SetExit(exits::kGeneric);
      continue;
    }
    if (!Call(ctl, "supervisor.removeProcessGroup", g)) return false;
    ctl.Output(g + ": removed process group");
  }
  for (const auto& g : changed) {
    if (skip(g)) continue;
    if (!Call(ctl, "supervisor.stopProcessGroup", g)) return false;
    ctl.Output(g + ": stopped");
    if (!Call(ctl, "supervisor.removeProcessGroup", g)) return false;
    if (!Call(ctl, "supervisor.addProcessGroup", g)) return false;
    ctl.Output(g + ": updated process group");
  }
  for (const auto& g : added) {
    if (skip(g)) continue;
    if (!Call(ctl, "supervisor.addProcessGroup", g)) return false;
    ctl.Output(g + ": added process group");
  }
  return false;
}

}  // namespace svc::ctl
