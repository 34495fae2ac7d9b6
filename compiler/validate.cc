#include "compiler/validate.h"

#include <string_view>
#include <unordered_map>

namespace svc::compiler {
namespace {

Loc OptionLoc(const Context& ctx, const svc::plan::Process& p, const std::string& key) {
  const svc::plan::SourceLine* at = p.origin.Find(key);
  svc::plan::SourceLine where = at ? *at : p.origin.section;
  Loc loc = where.valid() ? Loc{where.file, where.line, 1} : Loc{};
  if (loc.valid()) {
    std::string_view line = ctx.sources.Line(loc.file, loc.line);
    size_t eq = line.find_first_of("=:");
    if (eq != std::string_view::npos) {
      size_t v = line.find_first_not_of(" \t", eq + 1);
      loc.col = static_cast<int>(v == std::string_view::npos ? eq + 1 : v) + 1;
    }
  }
  return loc;
}

void CheckSharedLogs(Context& ctx, const svc::plan::Plan& plan) {
  // path -> its first writer: a process index and channel, or -1 for supervisord's own log.
  // The description is only built for a clash (10,000 processes rarely share a log).
  struct Writer {
    long process;
    const char* ch;
  };
  auto describe = [&plan](const Writer& w) {
    if (w.process < 0) return std::string("supervisord's log");
    const auto& p = plan.processes[static_cast<size_t>(w.process)];
    return p.group + ":" + p.name + " " + w.ch;
  };
  std::unordered_map<std::string_view, Writer> owner;
  owner.reserve(plan.processes.size() * 2 + 1);
  if (plan.supervisord.logfile != "syslog") owner.emplace(plan.supervisord.logfile, Writer{-1, ""});
  for (size_t i = 0; i < plan.processes.size(); ++i) {
    const auto& p = plan.processes[i];
    for (auto [ch, log] :
         {std::pair<const char*, const svc::plan::LogSpec*>{"stdout", &p.stdout_log},
          {"stderr", &p.stderr_log}}) {
      if (log->logfile != "path" || log->path == "/dev/stdout" || log->path == "/dev/stderr" ||
          log->path == "/dev/null") {
        continue;
      }
      Writer me{static_cast<long>(i), ch};
      auto [it, fresh] = owner.emplace(log->path, me);
      if (fresh) continue;
      std::string who = describe(me);
      ctx.sink.Warning(OptionLoc(ctx, p, std::string(ch) + "_logfile"), "duplicate-logfile",
                       who + " writes to " + log->path + ", which " + describe(it->second) +
                           " also writes: rotation by one truncates the other's output");
    }
  }
}

// supervisord keeps a pipe per stdin/stdout/stderr of each process, plus its log files.
void CheckFdBudget(Context& ctx, const svc::plan::Plan& plan) {
  int64_t need = 16;  // the daemon's own: logs, sockets, signal pipe, listeners
  for (const auto& p : plan.processes) {
    need += 3;
    need += p.stdout_log.logfile != "none";
    need += p.stderr_log.logfile != "none";
  }
  if (need <= plan.supervisord.minfds) return;
  const RawSection* s = ctx.raw.Find("supervisord");
  const RawOption* o = s ? ctx.raw.Get(*s, "minfds") : nullptr;
  ctx.sink.Warning(
      o ? o->value_loc : (s ? s->loc : Loc{0, 1, 1}), "fd-budget",
      std::to_string(plan.processes.size()) + " processes need about " + std::to_string(need) +
          " file descriptors but minfds is " + std::to_string(plan.supervisord.minfds) +
          ": spawns can fail with 'Too many open files'; set minfds >= " + std::to_string(need));
}

}  // namespace

void ValidatePlan(Context& ctx, const svc::plan::Plan& plan) {
  CheckSharedLogs(ctx, plan);
  CheckFdBudget(ctx, plan);
}

}  // namespace svc::compiler
