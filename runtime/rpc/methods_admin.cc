// supervisor.shutdown, restart, sendProcessStdin, sendRemoteCommEvent, and the configuration
// methods reloadConfig, addProcessGroup, removeProcessGroup.
#include <cerrno>
#include <cstring>

#include "runtime/rpc/method_table.h"
#include "runtime/rpc/methods_common.h"
#include "runtime/rpc/names.h"

namespace svc::runtime::rpc::methods {
namespace {

Fault GroupFault(const core::GroupFailure& failure, const std::string& name) {
  switch (failure.error) {
    case core::GroupError::kNoSuchGroup:
      return MakeFault(FaultCode::kBadName, name);
    case core::GroupError::kAlreadyAdded:
      return MakeFault(FaultCode::kAlreadyAdded, name);
    case core::GroupError::kStillRunning:
      return MakeFault(FaultCode::kStillRunning, name);
    case core::GroupError::kInvalid:
      break;
  }
  return MakeFault(FaultCode::kFailed, failure.message);
}

// A group's configuration as diff_to_active compares it: the group and its processes' settings.
bool SameGroup(const core::SupervisorCore& core, const core::GroupRecord& active,
               const plan::Plan& plan, const plan::Group& group) {
  if (!(active.config() == group)) return false;
  std::size_t i = 0;
  for (const plan::Process& p : plan.processes) {
    if (p.group != group.name) continue;
    if (i >= active.members.size()) return false;
    if (core.process(active.members[i++]).config().fingerprint != p.fingerprint) return false;
  }
  return i == active.members.size();
}

}  // namespace

Reply Shutdown(MethodContext& ctx, const Array&) {
  ctx.backend.Apply(ctx.backend.core().Shutdown(ctx.backend.Now()));
  return Reply::Done(true);
}

Reply Restart(MethodContext& ctx, const Array&) {
  ctx.backend.Apply(ctx.backend.core().Restart(ctx.backend.Now()));
  return Reply::Done(true);
}

Reply SendProcessStdin(MethodContext& ctx, const Array& params) {
  const std::string& name = params[0].as_string();
  if (!params[1].is_string()) {
    return Reply::Error(MakeFault(FaultCode::kIncorrectParameters, ParamText(params[1])));
  }
  auto target = LookUp(ctx.backend.core(), name);
  if (!target) return Reply::Error(target.error());
  if (!target->process) return Reply::Error(MakeFault(FaultCode::kBadName, name));
  const core::ProcessMachine& p = ctx.backend.core().process(*target->process);
  // 4.2.5 refuses while `killing`, i.e. once a stop signal was sent.
  if (p.pid() == 0 || p.state() == core::ProcessState::kStopping) {
    return Reply::Error(MakeFault(FaultCode::kNotRunning, name));
  }
  auto written = ctx.backend.WriteStdin(*target->process, params[1].as_string());
  if (!written) {
    if (written.error() == EPIPE) return Reply::Error(MakeFault(FaultCode::kNoFile, name));
    return Reply::Error(MakeFault(FaultCode::kFailed, std::strerror(written.error())));
  }
  return Reply::Done(true);
}

// Events have no listeners in svc yet: say so instead of pretending the event was sent.
Reply SendRemoteCommEvent(MethodContext&, const Array&) {
  return Reply::Error(MakeFault(FaultCode::kFailed, "event listeners are not supported yet"));
}

Reply ReloadConfig(MethodContext& ctx, const Array&) {
  auto plan = ctx.backend.ReadPlan();
  if (!plan) return Reply::Error(MakeFault(FaultCode::kCantReread, RereadError(plan.error())));
  const core::SupervisorCore& core = ctx.backend.core();
  Array added, changed, removed;
  for (const plan::Group& g : plan->groups) {
    const core::GroupRecord* active = core.FindGroup(g.name);
    if (active == nullptr) {
      added.push_back(g.name);
    } else if (!SameGroup(core, *active, *plan, g)) {
      changed.push_back(g.name);
    }
  }
  for (const core::GroupRecord& active : core.groups()) {
    bool kept = false;
    for (const plan::Group& g : plan->groups) kept = kept || g.name == active.name;
    if (!kept) removed.push_back(active.name);
  }
  ctx.pending_plan = std::move(*plan);
  return Reply::Done(Array{Array{added, changed, removed}});
}

Reply AddProcessGroup(MethodContext& ctx, const Array& params) {
  const std::string& name = params[0].as_string();
  std::optional<plan::Plan> running;
  auto added = ctx.backend.AddGroup(ConfigPlan(ctx, running), name);
  if (!added) return Reply::Error(GroupFault(added.error(), name));
  return Reply::Done(true);
}

Reply RemoveProcessGroup(MethodContext& ctx, const Array& params) {
  const std::string& name = params[0].as_string();
  auto removed = ctx.backend.RemoveGroup(name);
  if (!removed) return Reply::Error(GroupFault(removed.error(), name));
  return Reply::Done(true);
}

}  // namespace svc::runtime::rpc::methods
