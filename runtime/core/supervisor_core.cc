// SupervisorCore: boot, OS reports, commands and the single next deadline.
#include "runtime/core/supervisor_core.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "runtime/core/check.h"
#include "runtime/core/wait_status.h"

namespace svc::runtime::core {

tl::expected<SupervisorCore, std::string> SupervisorCore::FromPlan(
    const std::vector<plan::Group>& groups, const std::vector<plan::Process>& processes) {
  SupervisorCore core;
  // Exact sizes: the tables of a thousand programs keep no spare capacity.
  core.groups_.reserve(groups.size());
  core.processes_.Reserve(processes.size());
  // The plan's processes by (group, name), and the order built once at the end: a thousand
  // programs are a thousand groups, so per-group lookups and re-sorts would be quadratic.
  std::vector<const plan::Process*> by_name;
  by_name.reserve(processes.size());
  for (const plan::Process& p : processes) by_name.push_back(&p);
  auto key = [](const plan::Process* p) {
    return std::pair<std::string_view, std::string_view>(p->group, p->name);
  };
  // Stable: a plan naming one process twice resolves to the first, as a linear scan would.
  std::stable_sort(
      by_name.begin(), by_name.end(),
      [&key](const plan::Process* a, const plan::Process* b) { return key(a) < key(b); });
  auto find = [&](std::string_view group, std::string_view name) -> const plan::Process* {
    const std::pair<std::string_view, std::string_view> wanted(group, name);
    auto it =
        std::lower_bound(by_name.begin(), by_name.end(), wanted,
                         [&key](const plan::Process* p, const auto& k) { return key(p) < k; });
    return it != by_name.end() && key(*it) == wanted ? *it : nullptr;
  };
  for (const plan::Group& group : groups) {
    tl::expected<void, GroupFailure> inserted = core.Insert(group, find, /*reorder=*/false);
    if (!inserted) return tl::unexpected(inserted.error().message);
  }
  core.RebuildOrder();
  auto twin = std::adjacent_find(core.group_index_.begin(), core.group_index_.end(),
                                 [](const auto& a, const auto& b) { return a.first == b.first; });
  if (twin != core.group_index_.end()) {
    return tl::unexpected(std::string(twin->first));  // a hand-written plan's twin groups
  }
  return core;
}

tl::expected<SupervisorCore, std::string> SupervisorCore::FromPlan(const plan::Plan& plan) {
  return FromPlan(plan.groups, plan.processes);
}

Effects SupervisorCore::Boot(Time now) {
  SVC_CORE_CHECK(!booted_);
  booted_ = true;
  Effects out;
  for (const GroupRecord& group : groups_) out.emplace_back(GroupEvent{true, group.name});
  out.emplace_back(SupervisorStateEvent{true});
  Settle(now, out);
  return out;
}

Effects SupervisorCore::OnSpawned(ProcessId id, int pid, Time now) {
  Effects out;
  Machine(id).OnSpawned(pid, now, out);
  auto at = std::lower_bound(pids_.begin(), pids_.end(), std::pair(pid, ProcessId{}));
  if (at != pids_.end() && at->first == pid) {
    at->second = id;
  } else {
    pids_.insert(at, {pid, id});
  }
  Settle(now, out);
  return out;
}

Effects SupervisorCore::OnSpawnFailed(ProcessId id, std::string message, Time now) {
  Effects out;
  Machine(id).OnSpawnFailed(std::move(message), now, out);
  Settle(now, out);
  return out;
}

Effects SupervisorCore::OnChildExited(int pid, int wait_status, Time now) {
  Effects out;
  auto it = std::lower_bound(pids_.begin(), pids_.end(), std::pair(pid, ProcessId{}));
  if (it == pids_.end() || it->first != pid) {
    // Not ours (e.g. a grandchild reparented to us as subreaper).
    out.emplace_back(LogLine{LogLevel::kInfo, "reaped unknown pid " + std::to_string(pid) + " (" +
                                                  DecodeWaitStatus(wait_status).text + ")"});
  } else {
    const ProcessId id = it->second;
    pids_.erase(it);
    Machine(id).OnExited(wait_status, now, out);
  }
  Settle(now, out);
  return out;
}

Effects SupervisorCore::OnSignalFailed(ProcessId id, SignalPurpose purpose, int error_number,
                                       std::string_view error_text, Time now) {
  Effects out;
  Machine(id).OnSignalFailed(purpose, error_number, error_text, now, out);
  Settle(now, out);
  return out;
}

Effects SupervisorCore::OnTimer(Time now) {
  Effects out;
  Settle(now, out);
  return out;
}

CommandResult SupervisorCore::Start(ProcessId id, Time now) {
  CommandResult result;
  ProcessMachine* process = MutableProcess(id);
  if (process == nullptr) {
    result.outcome = Outcome::kNoSuchProcess;
  } else if (!MaySpawn()) {
    result.outcome = Outcome::kShuttingDown;
  } else if (IsRunningState(process->state())) {
    result.outcome = Outcome::kAlreadyStarted;
  } else if (process->state() == ProcessState::kUnknown) {
    result.outcome = Outcome::kUnknownState;
  } else {
    // From STOPPING this only logs "already running" (4.2.5), leaving the outcome to the RPC.
    process->Spawn(now, result.effects);
    Settle(now, result.effects);
  }
  return result;
}

CommandResult SupervisorCore::Stop(ProcessId id, bool wait, Time now) {
  CommandResult result;
  ProcessMachine* process = MutableProcess(id);
  if (process == nullptr) {
    result.outcome = Outcome::kNoSuchProcess;
  } else if (!IsRunningState(process->state())) {
    result.outcome = Outcome::kNotRunning;
  } else if (std::optional<std::string> error = process->Stop(now, wait, result.effects)) {
    result.outcome = Outcome::kFailed;
    result.message = std::move(*error);
  } else {
    Settle(now, result.effects);
  }
  return result;
}

CommandResult SupervisorCore::SendSignal(ProcessId id, int signo, Time now) {
  CommandResult result;
  ProcessMachine* process = MutableProcess(id);
  if (process == nullptr) {
    result.outcome = Outcome::kNoSuchProcess;
  } else if (!IsSignallableState(process->state())) {
    result.outcome = Outcome::kNotRunning;
  } else if (std::optional<std::string> error = process->Signal(signo, result.effects)) {
    result.outcome = Outcome::kFailed;
    result.message = std::move(*error);
  } else {
    Settle(now, result.effects);
  }
  return result;
}

std::optional<Time> SupervisorCore::NextDeadline() const {
  if (!booted_ || finished_) return std::nullopt;
  std::optional<Time> next;
  const auto consider = [&next](std::optional<Time> t) {
    if (t && (!next || *t < *next)) next = t;
  };
  const bool may_spawn = MaySpawn();
  for (const ProcessMachine* process : order_) consider(process->NextDeadline(may_spawn));
  if (stopping_) consider(lastshutdownreport_ + kShutdownReportInterval);
  return next;
}

const ProcessMachine* SupervisorCore::FindProcess(ProcessId id) const {
  return processes_.Find(id);
}

const ProcessMachine& SupervisorCore::process(ProcessId id) const { return processes_.at(id); }

ProcessMachine* SupervisorCore::MutableProcess(ProcessId id) { return processes_.Find(id); }

ProcessMachine& SupervisorCore::Machine(ProcessId id) { return processes_.at(id); }

void SupervisorCore::Settle(Time now, Effects& out) {
  if (!booted_ || finished_) return;
  TransitionAll(now, out);
  if (mood_ < SupervisorState::kRunning) ShutdownStep(now, out);
}

void SupervisorCore::TransitionAll(Time now, Effects& out) {
  const bool may_spawn = MaySpawn();
  for (ProcessMachine* process : order_) process->Transition(now, may_spawn, out);
}

void SupervisorCore::RebuildOrder() {
  order_.clear();
  order_.reserve(processes_.size());
  for (const GroupRecord* group : ByPriority(groups_)) {
    for (ProcessId id : group->members) order_.push_back(&Machine(id));
  }
  group_index_.clear();
  group_index_.reserve(groups_.size());
  for (std::size_t i = 0; i < groups_.size(); ++i) group_index_.emplace_back(groups_[i].name, i);
  std::sort(group_index_.begin(), group_index_.end());
  tier_ready_ = false;  // its pointers may be stale
}

}  // namespace svc::runtime::core
