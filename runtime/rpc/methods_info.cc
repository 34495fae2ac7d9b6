// supervisor.getAPIVersion … getAllConfigInfo: what svcd is and what it runs.
#include <unistd.h>

#include "runtime/core/description.h"
#include "runtime/core/signals.h"
#include "runtime/os/users.h"
#include "runtime/rpc/method_table.h"
#include "runtime/rpc/methods_common.h"
#include "runtime/rpc/names.h"

namespace svc::runtime::rpc::methods {
namespace {

// The version supervisorctl checks (rpcinterface.API_VERSION) and the one it prints.
constexpr char kApiVersion[] = "3.0";
constexpr char kSupervisorVersion[] = "4.2.5";

std::string LogPath(Backend& backend, core::ProcessId id, bool stderr_channel) {
  return backend.ChildLogPath(id, stderr_channel);
}

Struct ProcessInfo(Backend& backend, const std::string& group, core::ProcessId id) {
  const core::ProcessMachine& p = backend.core().process(id);
  core::Time now = backend.Now();
  Struct info;
  info["name"] = p.name();
  info["group"] = group;
  info["start"] = core::CappedInt(p.laststart());
  info["stop"] = core::CappedInt(p.laststop());
  info["now"] = core::CappedInt(now);
  info["state"] = static_cast<int>(p.state());
  info["statename"] = std::string(core::ProcessStateName(p.state()));
  info["spawnerr"] = p.spawnerr().value_or("");
  info["exitstatus"] = p.exitstatus().value_or(0);
  std::string out = LogPath(backend, id, false);
  info["logfile"] = out;
  info["stdout_logfile"] = out;
  info["stderr_logfile"] = LogPath(backend, id, true);
  info["pid"] = p.pid();
  info["description"] = core::Describe(p, now, backend.local_time());
  return info;
}

// ConfigInfo's log file: the path, 'auto' or 'none'. As in 4.2.5, an AUTO log of a process
// that runs from this configuration shows its real path; after reloadConfig the new (pending)
// configuration says 'auto' again.
Value ConfigLog(const plan::LogSpec& log, const std::optional<core::ProcessId>& running,
                Backend& backend, bool stderr_channel) {
  if (log.logfile == "path") return log.path;
  if (log.logfile == "auto" && running) return backend.ChildLogPath(*running, stderr_channel);
  return log.logfile;
}

Value Uid(const std::optional<std::string>& user) {
  if (!user) return "none";
  auto info = os::ResolveUser(*user);
  if (!info) return "none";
  return static_cast<int64_t>(info->uid);
}

Struct ConfigInfo(const plan::Process& p, const plan::Group& g, bool inuse,
                  const std::optional<core::ProcessId>& running, Backend& backend) {
  Struct d;
  d["autostart"] = p.autostart;
  d["directory"] = p.directory ? Value(*p.directory) : Value("none");
  d["uid"] = Uid(p.user);
  d["command"] = p.command;
  Array codes;
  for (int64_t code : p.exitcodes) codes.push_back(code);
  d["exitcodes"] = codes;
  d["group"] = g.name;
  d["group_prio"] = g.priority;
  d["inuse"] = inuse;
  d["killasgroup"] = p.killasgroup;
  d["name"] = p.name;
  d["process_prio"] = p.priority;
  d["redirect_stderr"] = p.redirect_stderr;
  d["startretries"] = p.startretries;
  d["startsecs"] = p.startsecs;
  d["stopsignal"] = core::ParseSignal(p.stopsignal).value_or(15);
  d["stopwaitsecs"] = p.stopwaitsecs;
  // serverurl=AUTO is None in 4.2.5's ProcessConfig, reported as 'none'.
  d["serverurl"] = p.serverurl ? Value(*p.serverurl) : Value("none");
  for (auto [prefix, log] : {std::pair<std::string, const plan::LogSpec*>{"stdout_", &p.stdout_log},
                             {"stderr_", &p.stderr_log}}) {
    d[prefix + "capture_maxbytes"] = log->capture_maxbytes;
    d[prefix + "events_enabled"] = log->events_enabled;
    d[prefix + "logfile"] = ConfigLog(*log, running, backend, prefix == "stderr_");
    d[prefix + "logfile_backups"] = log->logfile_backups;
    d[prefix + "logfile_maxbytes"] = log->logfile_maxbytes;
    d[prefix + "syslog"] = log->syslog;
  }
  return d;
}

}  // namespace

Reply GetAPIVersion(MethodContext&, const Array&) { return Reply::Done(kApiVersion); }

Reply GetSupervisorVersion(MethodContext&, const Array&) { return Reply::Done(kSupervisorVersion); }

Reply GetIdentification(MethodContext& ctx, const Array&) {
  return Reply::Done(ctx.backend.plan().supervisord.identifier);
}

Reply GetState(MethodContext& ctx, const Array&) {
  core::SupervisorState mood = ctx.backend.core().state();
  Struct s;
  s["statecode"] = static_cast<int>(mood);
  s["statename"] = std::string(core::SupervisorStateName(mood));
  return Reply::Done(std::move(s));
}

Reply GetPID(MethodContext&, const Array&) { return Reply::Done(static_cast<int>(getpid())); }

Reply GetProcessInfo(MethodContext& ctx, const Array& params) {
  const std::string& name = params[0].as_string();
  auto target = LookUp(ctx.backend.core(), name);
  if (!target) return Reply::Error(target.error());
  if (!target->process) return Reply::Error(MakeFault(FaultCode::kBadName, name));
  return Reply::Done(ProcessInfo(ctx.backend, target->group->name, *target->process));
}

Reply GetAllProcessInfo(MethodContext& ctx, const Array&) {
  Array all;
  for (const Member& m : AllProcesses(ctx.backend.core(), true)) {
    all.push_back(ProcessInfo(ctx.backend, m.group, m.id));
  }
  return Reply::Done(std::move(all));
}

Reply GetAllConfigInfo(MethodContext& ctx, const Array&) {
  std::optional<plan::Plan> running_plan;
  const plan::Plan& plan = ConfigPlan(ctx, running_plan);
  std::vector<Struct> infos;
  for (const plan::Group& g : plan.groups) {
    bool inuse = ctx.backend.core().FindGroup(g.name) != nullptr;
    for (const plan::Process& p : plan.processes) {
      if (p.group != g.name) continue;
      std::optional<core::ProcessId> running;
      if (inuse && !ctx.pending_plan) {
        auto target = LookUp(ctx.backend.core(), g.name + ":" + p.name);
        if (target) running = target->process;
      }
      infos.push_back(ConfigInfo(p, g, inuse, running, ctx.backend));
    }
  }
  std::stable_sort(infos.begin(), infos.end(), [](const Struct& a, const Struct& b) {
    return a.at("name").as_string() < b.at("name").as_string();
  });
  return Reply::Done(
      Array(std::make_move_iterator(infos.begin()), std::make_move_iterator(infos.end())));
}

}  // namespace svc::runtime::rpc::methods
