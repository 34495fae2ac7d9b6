// supervisor.startProcess … stopAllProcesses with supervisor 4.2.5's wait semantics (§3.5):
// a waiting call is answered by a Poll the service re-checks after every batch of effects.
#include <memory>

#include "runtime/rpc/method_table.h"
#include "runtime/rpc/methods_common.h"
#include "runtime/rpc/names.h"

namespace svc::runtime::rpc::methods {
namespace {

bool WaitParam(const Array& params, std::size_t index) {
  if (params.size() <= index) return true;
  const Value& v = params[index];
  return v.is_bool() ? v.as_bool() : v.as_int() != 0;
}

// startProcess on one process (rpcinterface.startProcess after the name lookup).
Reply StartOne(Backend& backend, core::ProcessId id, const std::string& name, bool wait) {
  if (auto problem = backend.CheckCommand(id)) {
    FaultCode code = problem->failure == core::SpawnFailure::kNotFound ? FaultCode::kNoFile
                                                                       : FaultCode::kNotExecutable;
    return Reply::Error(MakeFault(code, problem->message));
  }
  core::CommandResult started = backend.core().Start(id, backend.Now());
  backend.Apply(std::move(started.effects));
  if (started.outcome != core::Outcome::kOk) {
    return Reply::Error(OutcomeFault(started.outcome, name, started.message));
  }
  auto check = [&backend, id, name]() -> std::optional<Result> {
    const core::ProcessMachine* p = backend.core().FindProcess(id);
    if (p == nullptr) return tl::unexpected(MakeFault(FaultCode::kAbnormalTermination, name));
    if (p->spawnerr()) return tl::unexpected(MakeFault(FaultCode::kSpawnError, name));
    if (p->state() == core::ProcessState::kRunning) return Value(true);
    if (p->state() != core::ProcessState::kStarting) {
      return tl::unexpected(MakeFault(FaultCode::kAbnormalTermination, name));
    }
    return std::nullopt;
  };
  const core::ProcessMachine& p = backend.core().process(id);
  if (p.spawnerr()) return Reply::Error(MakeFault(FaultCode::kSpawnError, name));
  if (!wait || p.state() == core::ProcessState::kRunning) return Reply::Done(true);
  return Reply::Deferred(check);
}

Reply StopOne(Backend& backend, core::ProcessId id, const std::string& name, bool wait) {
  core::CommandResult stopped = backend.core().Stop(id, wait, backend.Now());
  backend.Apply(std::move(stopped.effects));
  if (stopped.outcome != core::Outcome::kOk) {
    return Reply::Error(OutcomeFault(stopped.outcome, name, stopped.message));
  }
  auto done = [&backend, id]() {
    const core::ProcessMachine* p = backend.core().FindProcess(id);
    return p == nullptr || core::IsStoppedState(p->state());
  };
  if (!wait || done()) return Reply::Done(true);
  return Reply::Deferred([done]() -> std::optional<Result> {
    if (!done()) return std::nullopt;
    return Value(true);
  });
}

using OneFn = Reply (*)(Backend&, core::ProcessId, const std::string&, bool);

// make_allfunc: act on every member the predicate selects, immediate results first, then the
// waiting ones in completion order.
Reply ForAll(Backend& backend, const std::vector<Member>& members,
             bool (*predicate)(core::ProcessState), OneFn one, bool wait) {
  struct State {
    Array results;
    std::vector<std::pair<Member, Poll>> waiting;
  };
  auto state = std::make_shared<State>();
  core::SupervisorCore& core = backend.core();
  for (const Member& m : members) {
    const core::ProcessMachine* p = core.FindProcess(m.id);
    if (p == nullptr || !predicate(p->state())) continue;
    std::string name = MakeNamespec(m.group, p->name());
    Reply reply = one(backend, m.id, name, wait);
    if (reply.now) {
      state->results.push_back(ResultStruct(m, *reply.now));
    } else {
      state->waiting.emplace_back(m, std::move(reply.later));
    }
  }
  auto poll = [state, &backend]() -> std::optional<Result> {
    // One pass that keeps the unfinished in order (an erase per finished one would make a
    // stop of a thousand programs quadratic).
    std::size_t kept = 0;
    for (std::size_t i = 0; i < state->waiting.size(); ++i) {
      std::optional<Result> r = state->waiting[i].second();
      if (r) {
        state->results.push_back(ResultStruct(state->waiting[i].first, *r));
      } else {
        if (kept != i) state->waiting[kept] = std::move(state->waiting[i]);
        ++kept;
      }
    }
    state->waiting.erase(state->waiting.begin() + static_cast<std::ptrdiff_t>(kept),
                         state->waiting.end());
    if (!state->waiting.empty()) return std::nullopt;
    return Value(state->results);
  };
  if (auto r = poll()) return Reply{std::move(*r), {}};
  return Reply::Deferred(poll);
}

bool NotRunning(core::ProcessState s) { return !core::IsRunningState(s); }
bool Running(core::ProcessState s) { return core::IsRunningState(s); }

Reply GroupCall(Backend& backend, const std::string& group_name, bool start, bool wait) {
  const core::GroupRecord* group = backend.core().FindGroup(group_name);
  if (group == nullptr) return Reply::Error(MakeFault(FaultCode::kBadName, group_name));
  auto members = ByPriority(backend.core(), *group);
  return start ? ForAll(backend, members, NotRunning, StartOne, wait)
               : ForAll(backend, members, Running, StopOne, wait);
}

Reply OneCall(Backend& backend, const Array& params, bool start) {
  const std::string& name = params[0].as_string();
  bool wait = WaitParam(params, 1);
  auto target = LookUp(backend.core(), name);
  if (!target) return Reply::Error(target.error());
  if (!target->process) return GroupCall(backend, SplitNamespec(name).group, start, wait);
  return start ? StartOne(backend, *target->process, name, wait)
               : StopOne(backend, *target->process, name, wait);
}

}  // namespace

Reply StartProcess(MethodContext& ctx, const Array& params) {
  return OneCall(ctx.backend, params, true);
}

Reply StopProcess(MethodContext& ctx, const Array& params) {
  return OneCall(ctx.backend, params, false);
}

Reply StartProcessGroup(MethodContext& ctx, const Array& params) {
  return GroupCall(ctx.backend, params[0].as_string(), true, WaitParam(params, 1));
}

Reply StopProcessGroup(MethodContext& ctx, const Array& params) {
  return GroupCall(ctx.backend, params[0].as_string(), false, WaitParam(params, 1));
}

Reply StartAllProcesses(MethodContext& ctx, const Array& params) {
  return ForAll(ctx.backend, AllProcesses(ctx.backend.core(), false), NotRunning, StartOne,
                WaitParam(params, 0));
}

Reply StopAllProcesses(MethodContext& ctx, const Array& params) {
  return ForAll(ctx.backend, AllProcesses(ctx.backend.core(), false), Running, StopOne,
                WaitParam(params, 0));
}

}  // namespace svc::runtime::rpc::methods
