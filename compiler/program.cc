#include "compiler/program.h"

#include <algorithm>

#include "compiler/checks.h"
#include "compiler/sections.h"

namespace svc::compiler {
namespace {

using svc::plan::LogSpec;
using svc::plan::Process;

// Settings read once per section (before the numprocs loop in supervisord).
struct ProgramLevel {
  Process proto;
  int64_t numprocs = 1;
  int64_t numprocs_start = 0;
  const RawOption* environment = nullptr;
  std::string process_name = "%(program_name)s";
};

bool ReadProgramLevel(OptionReader& r, const Scope& scope, ProgramLevel& p) {
  Process& x = p.proto;
  bool ok = true;
  ok &= r.Read("priority", scope, ParseInt, "bad-integer", x.priority);
  ok &= r.Read("autostart", scope, ParseBool, "bad-boolean", x.autostart);
  ok &= r.Read("autorestart", scope, ParseAutoRestart, "bad-autorestart", x.autorestart);
  ok &= r.Read("startsecs", scope, ParseInt, "bad-integer", x.startsecs);
  ok &= r.Read("startretries", scope, ParseInt, "bad-integer", x.startretries);
  ok &= r.Read("stopsignal", scope, ParseSignal, "bad-signal", x.stopsignal);
  ok &= r.Read("stopwaitsecs", scope, ParseInt, "bad-integer", x.stopwaitsecs);
  ok &= r.Read("stopasgroup", scope, ParseBool, "bad-boolean", x.stopasgroup);
  x.killasgroup = x.stopasgroup;
  ok &= r.Read("killasgroup", scope, ParseBool, "bad-boolean", x.killasgroup);
  ok &= r.Read("exitcodes", scope, ParseExitCodes, "bad-exitcodes", x.exitcodes);
  ok &= r.Read("redirect_stderr", scope, ParseBool, "bad-boolean", x.redirect_stderr);
  ok &= r.Read("numprocs", scope, ParseInt, "bad-integer", p.numprocs);
  ok &= r.Read("numprocs_start", scope, ParseInt, "bad-integer", p.numprocs_start);
  p.environment = r.Raw("environment");
  ok &= r.Read("stdout_capture_maxbytes", scope, ParseByteSize, "bad-byte-size",
               x.stdout_log.capture_maxbytes);
  ok &=
      r.Read("stdout_events_enabled", scope, ParseBool, "bad-boolean", x.stdout_log.events_enabled);
  ok &= r.Read("stderr_capture_maxbytes", scope, ParseByteSize, "bad-byte-size",
               x.stderr_log.capture_maxbytes);
  ok &=
      r.Read("stderr_events_enabled", scope, ParseBool, "bad-boolean", x.stderr_log.events_enabled);
  ok &= r.ReadOptString("serverurl", scope, x.serverurl);
  if (x.serverurl) {
    std::string up(StripPy(*x.serverurl));
    for (char& c : up) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    if (up == "AUTO" || x.serverurl->empty()) x.serverurl.reset();
  }
  ok &= r.ReadOptString("user", scope, x.user);
  if (x.user) CheckUser(r, "user", *x.user);
  int64_t umask = 0;
  if (r.Has("umask")) {
    if (r.Read("umask", scope, ParseOctal, "bad-octal", umask)) {
      x.umask = umask;
    } else {
      ok = false;
    }
  }
  if (const RawOption* pn = r.Raw("process_name")) {
    p.process_name = pn->value;
    r.RecordOrigin(*pn);
    // supervisord checks the name before expanding it (quirk 4); svc checks both.
    if (auto bad = BadNameChar(StripPy(pn->value))) {
      r.Bad("process_name", "bad-name",
            std::string("a process name cannot contain '") + *bad + "'");
      ok = false;
    }
  }
  if (p.numprocs > 1 && p.process_name.find("%(process_num)") == std::string::npos) {
    const RawOption* pn = r.Raw("process_name");
    const RawOption* np = r.Raw("numprocs");
    r.ctx().sink.Error(pn ? pn->value_loc : np->value_loc, "numprocs-without-process-num",
                       "numprocs is " + std::to_string(p.numprocs) +
                           " but process_name has no %(process_num): every process would "
                           "get the same name");
    ok = false;
  }
  if (x.stopasgroup && !x.killasgroup) {
    r.Bad("killasgroup", "stopasgroup-without-killasgroup",
          "stopasgroup=true needs killasgroup=true (the group must also be killed)");
    ok = false;
  }
  if (p.numprocs < 1 && r.Has("numprocs")) {
    r.ctx().sink.Warning(r.Raw("numprocs")->value_loc, "no-processes",
                         "numprocs is " + std::to_string(p.numprocs) + ": [" + r.section().name +
                             "] starts no process");
  }
  return ok;
}

// The option names of one channel, built once (they are looked up for every process).
struct LogKeys {
  std::string ch, logfile, backups, maxbytes, syslog;
  explicit LogKeys(const std::string& c)
      : ch(c),
        logfile(c + "_logfile"),
        backups(c + "_logfile_backups"),
        maxbytes(c + "_logfile_maxbytes"),
        syslog(c + "_syslog") {}
};
const LogKeys& StdoutKeys() {
  static const LogKeys keys("stdout");
  return keys;
}
const LogKeys& StderrKeys() {
  static const LogKeys keys("stderr");
  return keys;
}

bool ReadLog(OptionReader& r, const Scope& scope, const LogKeys& keys, LogSpec& log) {
  bool ok = true;
  const std::string& key = keys.logfile;
  if (const RawOption* raw = r.Raw(key)) {
    // Expanded twice by supervisord 4.2.5 (quirk 3): a literal '%' needs '%%%%'.
    bool failed = false;
    auto once = r.Expand(*raw, raw->value, scope, &failed);
    auto twice = once ? r.Expand(*raw, *once, scope, &failed) : std::nullopt;
    if (!twice) return false;
    auto is = [&](std::string_view word) {
      return twice->size() == word.size() &&
             std::equal(word.begin(), word.end(), twice->begin(), [](char w, char c) {
               return w == (c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
             });
    };
    if (is("none") || is("off")) {
      log.logfile = "none";
    } else if (is("auto")) {
      log.logfile = "auto";
    } else if (is("syslog")) {
      log.logfile = "syslog";
    } else {
      log.logfile = "path";
      log.path = ExpandUser(*twice);
      CheckDirPath(r, key, *twice);
    }
  }
  ok &= r.Read(keys.backups, scope, ParseInt, "bad-integer", log.logfile_backups);
  ok &= r.Read(keys.maxbytes, scope, ParseByteSize, "bad-byte-size", log.logfile_maxbytes);
  ok &= r.Read(keys.syslog, scope, ParseBool, "bad-boolean", log.syslog);
  return ok;
}

void LogWarnings(OptionReader& r, Process& p) {
  auto& sink = r.ctx().sink;
  const std::string& sec = r.section().name;
  for (auto [keys, log] : {std::pair<const LogKeys*, LogSpec*>{&StdoutKeys(), &p.stdout_log},
                           {&StderrKeys(), &p.stderr_log}}) {
    const std::string& ch = keys->ch;
    if (log->logfile == "syslog") {
      sink.Warning(r.Raw(keys->logfile)->value_loc, "deprecated-syslog-logfile",
                   ch + "_logfile=syslog is deprecated; use " + ch + "_syslog=true");
      log->logfile = "none";
      log->syslog = true;
    }
    if (log->logfile == "auto" && log->logfile_maxbytes == 0 &&
        !(ch == "stderr" && p.redirect_stderr)) {
      const RawOption* mb = r.Raw(keys->maxbytes);
      sink.Warning(mb ? mb->value_loc : r.section().loc, "auto-log-without-rotation",
                   "[" + sec + "] uses an AUTO " + ch +
                       " log with maxbytes 0: it is never rotated and can fill the disk");
    }
  }
  if (p.redirect_stderr) {
    if (p.stderr_log.logfile == "path") {
      sink.Warning(r.Raw("stderr_logfile")->value_loc, "redirect-stderr-logfile-ignored",
                   "redirect_stderr=true sends stderr to the stdout log; this stderr_logfile "
                   "is ignored");
    }
    p.stderr_log.logfile = "none";
    p.stderr_log.path.clear();
  }
}

bool ReadEnvironment(OptionReader& r, const Scope& scope, const RawOption* raw, bool first,
                     Process& p, ExpansionMap& progenv) {
  if (!raw) return true;
  bool failed = false;
  auto text = r.Expand(*raw, raw->value, scope, &failed);
  if (!text) return false;
  auto kv = ParseKeyValues(*text);
  if (!kv) {
    if (first) r.Bad("environment", "bad-environment", kv.error());
    return false;
  }
  if (!kv->dropped.empty() && first) WarnDroppedWords(r, *kv);
  for (const auto& [k, v] : kv->values) {
    progenv["ENV_" + k] = v;
    p.environment[k] = v;
  }
  return true;
}

bool ExpandName(OptionReader& r, const ProgramLevel& level, const Scope& scope,
                const std::string& program, std::string& name) {
  const RawOption* pn = r.Raw("process_name");
  if (!pn) {
    name = program;
    return true;
  }
  bool failed = false;
  auto text = r.Expand(*pn, level.process_name, scope, &failed);
  if (!text) return false;
  name = std::string(StripPy(*text));
  return true;
}

}  // namespace

bool SectionName(Context& ctx, const RawSection& section, std::string& name, bool validate) {
  name = std::string(StripPy(section.name.substr(section.name.find(':') + 1)));
  if (!validate) return true;
  if (auto bad = BadNameChar(name)) {
    ctx.sink.Error(section.loc, "bad-name",
                   "invalid name '" + name + "' in [" + section.name + "]: names cannot contain '" +
                       std::string(1, *bad) + "'",
                   static_cast<int>(section.name.size() + 2));
    return false;
  }
  if (name.empty()) {
    ctx.sink.Error(section.loc, "bad-name", "[" + section.name + "] has an empty name",
                   static_cast<int>(section.name.size() + 2));
    return false;
  }
  return true;
}

bool BuildProcesses(Context& ctx, const RawSection& section, const std::string& group,
                    const std::string& kind, std::vector<Process>& out) {
  std::string program;
  SectionName(ctx, section, program, false);
  ExpansionMap common{{"program_name", program},
                      {"group_name", group},
                      {"host_node_name", ctx.options.host_node_name}};
  Scope scope{&ctx.here_map, &ctx.env, &common};
  ProgramLevel level;
  level.proto.origin.section = Context::Line(section.loc);
  OptionReader r(ctx, section, &level.proto.origin);
  // Keep going after an error so every problem of the section is reported; processes are
  // only emitted when the section is clean. Errors repeat per process, so one is enough.
  bool ok = ReadProgramLevel(r, scope, level);
  size_t first = out.size();
  if (level.numprocs > 0) {  // capped: a wrong numprocs must give errors, not bad_alloc
    size_t want = out.size() + std::min<size_t>(static_cast<size_t>(level.numprocs), 1u << 16);
    if (want > out.capacity()) out.reserve(std::max(want, 2 * out.capacity()));
  }
  level.proto.environment = ctx.global_env;  // the program's own environment= overrides it
  level.proto.program = program;
  level.proto.group = group;
  level.proto.kind = kind;
  level.proto.numprocs = level.numprocs;
  ExpansionMap proc{{"process_num", int64_t{0}}, {"numprocs", level.numprocs}};
  ExpansionValue& process_num = proc.find("process_num")->second;
  ExpansionMap progenv;
  const int64_t end = level.numprocs_start + level.numprocs;
  for (int64_t n = level.numprocs_start; n < end; ++n) {
    // The last process takes the prototype itself instead of a copy.
    Process p = n + 1 < end ? level.proto : std::move(level.proto);
    // Per-process options record their origin in the first process; every later one comes out
    // the same (an option that fails to expand stops the section), so they copy it from the
    // prototype instead of recording it again.
    const bool first_process = n == level.numprocs_start;
    OptionReader pr(ctx, section, first_process ? &p.origin : nullptr);
    p.process_num = n;
    process_num = n;
    progenv.clear();
    bool good = ReadEnvironment(pr, Scope{&ctx.here_map, &ctx.env, &common, &proc},
                                level.environment, first_process, p, progenv);
    Scope full{&ctx.here_map, &ctx.env, &common, &proc, &progenv};
    good &= pr.ReadOptString("directory", full, p.directory);
    good &= ReadLog(pr, full, StdoutKeys(), p.stdout_log);
    good &= ReadLog(pr, full, StderrKeys(), p.stderr_log);
    if (good) LogWarnings(pr, p);
    if (!pr.Has("command")) {
      ctx.sink.Error(section.loc, "missing-command",
                     "[" + section.name + "] does not specify a command",
                     static_cast<int>(section.name.size() + 2));
      return false;
    }
    bool named = pr.ReadString("command", full, p.command);
    named &= ExpandName(pr, level, full, program, p.name);
    good &= named && CheckProcess(pr, p, first_process);
    ok &= good;
    if (!ok) return false;
    if (first_process && n + 1 < end) level.proto.origin = p.origin;
    out.push_back(std::move(p));
  }
  if (!ok) return false;
  // supervisord sorts a program's processes by (priority, name) (Config.__lt__). They
  // usually come sorted (process_name=%(program_name)s_%(process_num)02d): skip the sort then.
  auto before = [](const Process& a, const Process& b) {
    return a.priority != b.priority ? a.priority < b.priority : a.name < b.name;
  };
  auto begin = out.begin() + static_cast<long>(first);
  if (!std::is_sorted(begin, out.end(), before)) std::stable_sort(begin, out.end(), before);
  return true;
}

}  // namespace svc::compiler
