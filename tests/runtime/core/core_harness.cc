#include "tests/runtime/core/core_harness.h"

#include <sys/wait.h>

#include <algorithm>
#include <utility>

#include <gtest/gtest.h>

namespace svc::runtime::core::testing {

plan::Process MakeProcess(std::string name, std::string group) {
  plan::Process p;
  p.group = group.empty() ? name : std::move(group);
  p.program = p.group;
  p.name = std::move(name);
  p.command = "/bin/true";
  p.argv = {"/bin/true"};
  return p;
}

plan::Plan MakePlan(std::vector<plan::Process> processes) {
  plan::Plan plan;
  for (const plan::Process& p : processes) {
    auto it = std::find_if(plan.groups.begin(), plan.groups.end(),
                           [&p](const plan::Group& g) { return g.name == p.group; });
    if (it == plan.groups.end()) {
      plan::Group group;
      group.name = p.group;
      group.priority = p.priority;
      plan.groups.push_back(group);
      it = plan.groups.end() - 1;
    }
    it->processes.push_back(p.name);
  }
  std::stable_sort(plan.groups.begin(), plan.groups.end(),
                   [](const plan::Group& a, const plan::Group& b) {
                     return a.priority != b.priority ? a.priority < b.priority : a.name < b.name;
                   });
  plan.processes = std::move(processes);
  return plan;
}

int Exited(int code) { return (code & 0xff) << 8; }

int Killed(int signo, bool core_dumped) { return signo | (core_dumped ? 0x80 : 0); }

Harness::Harness(const plan::Plan& plan, Time start)
    : core(*SupervisorCore::FromPlan(plan)), now(start) {}

void Harness::Boot() { Apply(core.Boot(now)); }

void Harness::Apply(Effects effects) {
  for (Effect& effect : effects) ApplyOne(std::move(effect));
}

void Harness::ApplyOne(Effect effect) {
  if (auto* spawn = std::get_if<SpawnRequest>(&effect)) {
    const std::string name = core.process(spawn->process).name();
    spawned.push_back(name);
    auto failure = fail_spawn.find(name);
    if (failure != fail_spawn.end()) {
      Apply(core.OnSpawnFailed(spawn->process, failure->second, now));
    } else {
      Apply(core.OnSpawned(spawn->process, next_pid++, now));
    }
  } else if (auto* signal = std::get_if<SignalRequest>(&effect)) {
    signals.push_back(*signal);
  } else if (auto* log = std::get_if<LogLine>(&effect)) {
    logs.push_back(std::string(LogLevelTag(log->level)) + " " + log->message);
  } else if (auto* state = std::get_if<ProcessStateEvent>(&effect)) {
    events.push_back(EventName(*state) + " " + EventPayload(*state));
  } else if (auto* mood = std::get_if<SupervisorStateEvent>(&effect)) {
    events.emplace_back(EventName(*mood));
  } else if (auto* group = std::get_if<GroupEvent>(&effect)) {
    events.push_back(std::string(EventName(*group)) + " " + group->group);
  } else if (std::holds_alternative<ReopenLogs>(effect)) {
    ++reopened;
  } else if (auto* done = std::get_if<Finished>(&effect)) {
    finished = *done;
  }
}

void Harness::Exit(std::string_view name, int wait_status) {
  Apply(core.OnChildExited(Get(name).pid(), wait_status, now));
}

void Harness::AdvanceTo(Time t) {
  for (std::optional<Time> next = core.NextDeadline(); next && *next <= t;
       next = core.NextDeadline()) {
    now = std::max(now, *next);
    Apply(core.OnTimer(now));
  }
  now = t;
}

ProcessId Harness::Id(std::string_view name) const {
  for (const GroupRecord& group : core.groups()) {
    if (std::optional<ProcessId> id = core.Find(group.name, name)) return *id;
  }
  ADD_FAILURE() << "no process named " << name;
  return ProcessId{};
}

const ProcessMachine& Harness::Get(std::string_view name) const { return core.process(Id(name)); }

CommandResult Harness::Start(std::string_view name) {
  CommandResult result = core.Start(Id(name), now);
  Apply(std::move(result.effects));
  result.effects.clear();
  return result;
}

CommandResult Harness::Stop(std::string_view name, bool wait) {
  CommandResult result = core.Stop(Id(name), wait, now);
  Apply(std::move(result.effects));
  result.effects.clear();
  return result;
}

std::vector<std::string> Harness::LogsStartingWith(std::string_view prefix) const {
  std::vector<std::string> found;
  for (const std::string& line : logs) {
    if (line.rfind(prefix, 0) == 0) found.push_back(line);
  }
  return found;
}

std::vector<std::string> Harness::StateEvents(std::string_view name) const {
  std::vector<std::string> found;
  const std::string needle = " processname:" + std::string(name) + " ";
  for (const std::string& event : events) {
    const std::size_t at = event.find(needle);
    if (event.rfind("PROCESS_STATE_", 0) == 0 && at != std::string::npos) {
      found.push_back(event.substr(14, at - 14));
    }
  }
  return found;
}

}  // namespace svc::runtime::core::testing
