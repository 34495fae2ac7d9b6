// supervisord's mood changes and the orderly shutdown/restart of SupervisorCore
// (supervisord.py: handle_signal, runforever's stop_groups phases, shutdown_report).
#include <algorithm>
#include <csignal>

#include "runtime/core/signals.h"
#include "runtime/core/supervisor_core.h"

namespace svc::runtime::core {

Effects SupervisorCore::OnDaemonSignal(int signo, Time now) {
  Effects out;
  const std::string name = SignalName(signo);
  const auto log = [&out](LogLevel level, std::string message) {
    out.emplace_back(LogLine{level, std::move(message)});
  };
  if (signo == SIGTERM || signo == SIGINT || signo == SIGQUIT) {
    log(LogLevel::kWarn, "received " + name + " indicating exit request");
    mood_ = SupervisorState::kShutdown;
  } else if (signo == SIGHUP && mood_ == SupervisorState::kShutdown) {
    log(LogLevel::kWarn, "ignored " + name + " indicating restart request (shutdown in progress)");
  } else if (signo == SIGHUP) {
    log(LogLevel::kWarn, "received " + name + " indicating restart request");
    mood_ = SupervisorState::kRestarting;
  } else if (signo == SIGCHLD) {
    log(LogLevel::kDebug, "received " + name + " indicating a child quit");
  } else if (signo == SIGUSR2) {
    log(LogLevel::kInfo, "received " + name + " indicating log reopen request");
    log(LogLevel::kInfo, "supervisord logreopen");
    out.emplace_back(ReopenLogs{});
  } else {
    log(LogLevel::kBlather, "received " + name + " indicating nothing");
  }
  Settle(now, out);
  return out;
}

Effects SupervisorCore::Shutdown(Time now) {
  Effects out;
  mood_ = SupervisorState::kShutdown;
  Settle(now, out);
  return out;
}

Effects SupervisorCore::Restart(Time now) {
  Effects out;
  // A restart never overrides a shutdown already under way.
  if (mood_ != SupervisorState::kShutdown) mood_ = SupervisorState::kRestarting;
  Settle(now, out);
  return out;
}

// Highest priority number first. Every queued group that shares the back's priority is one
// tier: the tier is stopped together and popped only once all its processes are in a STOPPED
// state; then the next tier is stopped. 4.2.5 stops one group at a time even among equal
// priorities, and moves on only at its next 1 s loop iteration; svc stops a tier at once (as
// 4.2.5 already does for the processes of one group) and moves on as soon as its last process
// stops, so N programs that each take stopwaitsecs no longer take N times as long.
void SupervisorCore::ShutdownStep(Time now, Effects& out) {
  if (!stopping_) {
    stopping_ = true;
    for (const GroupRecord* group : ByPriority(groups_)) {
      stop_groups_.emplace_back(group->priority, group->name);
    }
    out.emplace_back(SupervisorStateEvent{false});
  }
  while (!stop_groups_.empty()) {
    if (!tier_ready_) BeginTier();
    // Each step re-applies stop_all to what is left: a STARTING process without a pid yet is
    // retried, a BACKOFF one gives up. Only the tier's unstopped processes are walked.
    for (ProcessMachine* process : tier_) StopOne(*process, now, out);
    std::erase_if(tier_, [](const ProcessMachine* p) { return IsStoppedState(p->state()); });
    if (!tier_.empty()) break;
    stop_groups_.resize(tier_begin_);
    tier_ready_ = false;
  }
  if (!AnyUnstopped()) {
    finished_ = true;
    out.emplace_back(Finished{mood_});
    return;
  }
  ReportUnstopped(now, out);
}

// The back tier of stop_groups_, resolved once into its unstopped processes: groups from the
// back, each in stop_all's order.
void SupervisorCore::BeginTier() {
  const int64_t priority = stop_groups_.back().first;
  tier_begin_ = stop_groups_.size();
  while (tier_begin_ > 0 && stop_groups_[tier_begin_ - 1].first == priority) --tier_begin_;
  tier_.clear();
  for (std::size_t i = stop_groups_.size(); i-- > tier_begin_;) {
    const GroupRecord* group = FindGroup(stop_groups_[i].second);
    if (group == nullptr) continue;  // removed meanwhile
    for (ProcessId id : StopOrder(*group, processes_)) {
      ProcessMachine& process = Machine(id);
      if (!IsStoppedState(process.state())) tier_.push_back(&process);
    }
  }
  tier_ready_ = true;
}

// Groups stop from the back of the priority order, so the front usually answers at once.
bool SupervisorCore::AnyUnstopped() const {
  return std::any_of(order_.begin(), order_.end(), [](const ProcessMachine* process) {
    return !IsStoppedState(process->state());
  });
}

// ProcessGroup.stop_all for one process: RUNNING/STARTING are stopped, BACKOFF gives up (→ FATAL,
// no retry).
void SupervisorCore::StopOne(ProcessMachine& process, Time now, Effects& out) {
  const ProcessState state = process.state();
  if (state == ProcessState::kRunning || state == ProcessState::kStarting) {
    static_cast<void>(process.Stop(now, false, out));  // no pid yet: logged, retried next step
  } else if (state == ProcessState::kBackoff) {
    process.GiveUp(now, out);
  }
}

void SupervisorCore::ReportUnstopped(Time now, Effects& out) {
  if (now < lastshutdownreport_ + kShutdownReportInterval) return;
  std::vector<ProcessId> unstopped;  // get_unstopped_processes: groups in insertion order
  for (const GroupRecord& group : groups_) {
    for (ProcessId id : Unstopped(group, processes_)) unstopped.push_back(id);
  }
  std::string names;
  for (ProcessId id : unstopped) {
    if (!names.empty()) names += ", ";
    names += processes_.at(id).name();
  }
  out.emplace_back(LogLine{LogLevel::kInfo, "waiting for " + names + " to die"});
  for (ProcessId id : unstopped) {
    const ProcessMachine& process = processes_.at(id);
    out.emplace_back(
        LogLine{LogLevel::kBlather,
                process.name() + " state: " + std::string(ProcessStateName(process.state()))});
  }
  lastshutdownreport_ = now;
}

}  // namespace svc::runtime::core
