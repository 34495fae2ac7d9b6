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

// One group at a time, highest priority number first: the back of the queue is stopped and
// popped only once all its processes are in a STOPPED state; then the next one is stopped.
// 4.2.5 moves on at its next 1 s loop iteration; svc moves on as soon as the last one stops.
void SupervisorCore::ShutdownStep(Time now, Effects& out) {
  if (!stopping_) {
    stopping_ = true;
    for (const GroupRecord* group : ByPriority(groups_)) stop_groups_.push_back(group->name);
    out.emplace_back(SupervisorStateEvent{false});
  }
  while (!stop_groups_.empty()) {
    const GroupRecord* group = FindGroup(stop_groups_.back());
    if (group != nullptr) {
      StopAll(*group, now, out);
      if (!Unstopped(*group, processes_).empty()) break;
    }
    stop_groups_.pop_back();
  }
  if (!AnyUnstopped()) {
    finished_ = true;
    out.emplace_back(Finished{mood_});
    return;
  }
  ReportUnstopped(now, out);
}

// Groups stop from the back of the priority order, so the front usually answers at once.
bool SupervisorCore::AnyUnstopped() const {
  return std::any_of(order_.begin(), order_.end(), [](const ProcessMachine* process) {
    return !IsStoppedState(process->state());
  });
}

// ProcessGroup.stop_all: RUNNING/STARTING are stopped, BACKOFF gives up (→ FATAL, no retry).
void SupervisorCore::StopAll(const GroupRecord& group, Time now, Effects& out) {
  for (ProcessId id : StopOrder(group, processes_)) {
    ProcessMachine& process = Machine(id);
    const ProcessState state = process.state();
    if (state == ProcessState::kRunning || state == ProcessState::kStarting) {
      static_cast<void>(process.Stop(now, false, out));  // no pid yet: logged, retried next step
    } else if (state == ProcessState::kBackoff) {
      process.GiveUp(now, out);
    }
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
