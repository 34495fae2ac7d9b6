// supervisor.signalProcess / signalProcessGroup / signalAllProcesses. Never deferred; the group
// forms check the mood only after signalling, as 4.2.5 does (quirk 24).
#include "runtime/core/signals.h"
#include "runtime/rpc/method_table.h"
#include "runtime/rpc/methods_common.h"
#include "runtime/rpc/names.h"

namespace svc::runtime::rpc::methods {
namespace {

Result SignalOne(Backend& backend, core::ProcessId id, const std::string& name,
                 const Value& signal) {
  std::string text = ParamText(signal);
  std::optional<int> signo = core::ParseSignal(text);
  if (!signo) return tl::unexpected(MakeFault(FaultCode::kBadSignal, text));
  core::CommandResult sent = backend.core().SendSignal(id, *signo, backend.Now());
  backend.Apply(std::move(sent.effects));
  if (sent.outcome != core::Outcome::kOk) {
    return tl::unexpected(OutcomeFault(sent.outcome, name, sent.message));
  }
  return Value(true);
}

Reply SignalAll(Backend& backend, const std::vector<Member>& members, const Value& signal) {
  Array results;
  for (const Member& m : members) {
    const core::ProcessMachine* p = backend.core().FindProcess(m.id);
    if (p == nullptr || !core::IsSignallableState(p->state())) continue;
    results.push_back(
        ResultStruct(m, SignalOne(backend, m.id, MakeNamespec(m.group, m.name), signal)));
  }
  if (backend.core().state() < core::SupervisorState::kRunning) {
    return Reply::Error(MakeFault(FaultCode::kShutdownState));
  }
  return Reply::Done(std::move(results));
}

Reply SignalGroup(Backend& backend, const std::string& group_name, const Value& signal) {
  const core::GroupRecord* group = backend.core().FindGroup(group_name);
  if (group == nullptr) return Reply::Error(MakeFault(FaultCode::kBadName, group_name));
  return SignalAll(backend, ByPriority(backend.core(), *group), signal);
}

}  // namespace

Reply SignalProcess(MethodContext& ctx, const Array& params) {
  const std::string& name = params[0].as_string();
  auto target = LookUp(ctx.backend.core(), name);
  if (!target) return Reply::Error(target.error());
  if (!target->process) return SignalGroup(ctx.backend, SplitNamespec(name).group, params[1]);
  Result r = SignalOne(ctx.backend, *target->process, name, params[1]);
  return r ? Reply::Done(*r) : Reply::Error(r.error());
}

Reply SignalProcessGroup(MethodContext& ctx, const Array& params) {
  return SignalGroup(ctx.backend, params[0].as_string(), params[1]);
}

Reply SignalAllProcesses(MethodContext& ctx, const Array& params) {
  return SignalAll(ctx.backend, AllProcesses(ctx.backend.core(), false), params[0]);
}

}  // namespace svc::runtime::rpc::methods
