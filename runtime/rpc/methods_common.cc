#include "runtime/rpc/methods_common.h"

#include <algorithm>

namespace svc::runtime::rpc {

std::vector<Member> ByPriority(const core::SupervisorCore& core, const core::GroupRecord& group) {
  std::vector<Member> members;
  for (core::ProcessId id : group.members)
    members.push_back({group.name, core.process(id).name(), id});
  std::stable_sort(members.begin(), members.end(), [&](const Member& a, const Member& b) {
    return core.process(a.id).settings().priority < core.process(b.id).settings().priority;
  });
  return members;
}

std::vector<Member> AllProcesses(const core::SupervisorCore& core, bool lexical) {
  std::vector<Member> all;
  if (!lexical) {
    for (const core::GroupRecord* group : core::ByPriority(core.groups())) {
      for (const Member& m : ByPriority(core, *group)) all.push_back(m);
    }
    return all;
  }
  for (const core::GroupRecord& group : core.groups()) {
    for (core::ProcessId id : group.members)
      all.push_back({group.name, core.process(id).name(), id});
  }
  std::sort(all.begin(), all.end(), [&](const Member& a, const Member& b) {
    const std::string& ga = a.group;
    const std::string& gb = b.group;
    if (ga != gb) return ga < gb;
    return a.name < b.name;
  });
  return all;
}

Struct ResultStruct(const Member& member, const Result& result) {
  Struct s;
  s["name"] = member.name;
  s["group"] = member.group;
  if (result) {
    s["status"] = static_cast<int>(FaultCode::kSuccess);
    s["description"] = "OK";
  } else {
    s["status"] = static_cast<int>(result.error().code);
    s["description"] = result.error().text;
  }
  return s;
}

Fault OutcomeFault(core::Outcome outcome, std::string_view name, const std::string& message) {
  switch (outcome) {
    case core::Outcome::kNoSuchProcess:
      return MakeFault(FaultCode::kBadName, name);
    case core::Outcome::kAlreadyStarted:
      return MakeFault(FaultCode::kAlreadyStarted, name);
    case core::Outcome::kNotRunning:
      return MakeFault(FaultCode::kNotRunning, name);
    case core::Outcome::kUnknownState:
      return MakeFault(FaultCode::kFailed, std::string(name) + " is in an unknown process state");
    case core::Outcome::kShuttingDown:
      return MakeFault(FaultCode::kShutdownState);
    case core::Outcome::kFailed:
    case core::Outcome::kOk:
      break;
  }
  return MakeFault(FaultCode::kFailed, message);
}

std::string ParamText(const Value& value) {
  if (value.is_string()) return value.as_string();
  if (value.is_bool()) return value.as_bool() ? "True" : "False";
  if (value.is_int()) return std::to_string(value.as_int());
  return "?";
}

}  // namespace svc::runtime::rpc
