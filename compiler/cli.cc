#include "compiler/cli.h"

#include <unistd.h>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "compiler/compile.h"
#include "schema/plan_json.h"

namespace svc::compiler {
namespace {

struct Flags {
  std::vector<std::string> files;
  std::string output;
  std::string format = "text";
  bool strict = false;
  bool werror = false;
  bool machine = true;
  bool quiet = false;
  std::string error;
};

// Common flags of check/build/explain. Unknown flags are a usage error.
Flags ParseFlags(const std::vector<std::string>& args, bool takes_output) {
  Flags f;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--strict")
      f.strict = true;
    else if (a == "--werror" || a == "-Werror")
      f.werror = true;
    else if (a == "--no-machine-checks")
      f.machine = false;
    else if (a == "-q" || a == "--quiet")
      f.quiet = true;
    else if (a == "--format=json" || a == "--format=text")
      f.format = a.substr(9);
    else if (takes_output && (a == "-o" || a == "--output") && i + 1 < args.size())
      f.output = args[++i];
    else if (takes_output && a.rfind("--output=", 0) == 0)
      f.output = a.substr(9);
    else if (a.size() > 1 && a[0] == '-')
      f.error = "unknown option '" + a + "'";
    else
      f.files.push_back(a);
  }
  return f;
}

int Usage(const std::string& error) {
  std::fprintf(stderr, "svc: %s\n", error.c_str());
  return PrintUsage(true);
}

struct Result {
  std::optional<svc::plan::Plan> plan;
  Sources sources;
  DiagnosticSink sink;
  RawConfig raw;
  bool io_error = false;
};

void CompileFile(const std::string& file, const Flags& f, Result& r, bool seal = true) {
  CompileOptions o = CompileOptions::FromProcess(file);
  o.seal = seal;
  o.strict = f.strict;
  o.werror = f.werror;
  o.machine_checks = f.machine;
  r.plan = Compile(o, r.sources, r.sink, &r.raw);
  r.io_error = r.sources.size() == 0;
}

// check and build leave their results allocated until the process exits, which it does right
// after: freeing a 10,000-process plan and its config object by object costs a sixth of the
// whole compile. They stay reachable from here, so leak checkers do not report them.
Result& KeptResult() {
  static auto* kept = new std::vector<std::unique_ptr<Result>>;
  return *kept->emplace_back(std::make_unique<Result>());
}

void Report(const Result& r, const Flags& f, FILE* out) {
  if (f.format == "json") {
    std::fputs(RenderJson(r.sources, r.sink.all()).c_str(), out);
    return;
  }
  std::fputs(RenderText(r.sources, r.sink.all(), isatty(fileno(out))).c_str(), out);
  if (!f.quiet && (r.sink.errors() || r.sink.warnings())) {
    std::fprintf(out, "%d error%s, %d warning%s\n", r.sink.errors(),
                 r.sink.errors() == 1 ? "" : "s", r.sink.warnings(),
                 r.sink.warnings() == 1 ? "" : "s");
  }
}

int RunCheck(const std::vector<std::string>& args) {
  Flags f = ParseFlags(args, false);
  if (!f.error.empty()) return Usage(f.error);
  if (f.files.empty()) return Usage("check needs a config file");
  int rc = 0;
  for (const std::string& file : f.files) {
    Result& r = KeptResult();
    CompileFile(file, f, r, false);
    Report(r, f, stdout);
    rc = std::max(rc, r.io_error ? 2 : r.sink.has_errors() ? 1 : 0);
  }
  return rc;
}

int RunBuild(const std::vector<std::string>& args) {
  Flags f = ParseFlags(args, true);
  if (!f.error.empty()) return Usage(f.error);
  if (f.files.size() != 1) return Usage("build needs exactly one config file");
  Result& r = KeptResult();
  CompileFile(f.files[0], f, r);
  Report(r, f, stderr);
  if (r.io_error) return 2;
  if (!r.plan) return 1;
  bool to_stdout = f.output.empty() || f.output == "-";
  std::string tmp = f.output + ".tmp";  // renamed over the output only when complete
  FILE* out = to_stdout ? stdout : std::fopen(tmp.c_str(), "wb");
  bool ok = out != nullptr;
  if (ok) {
    svc::plan::WriteJson(*r.plan, [&](std::string_view chunk) {
      ok = ok && std::fwrite(chunk.data(), 1, chunk.size(), out) == chunk.size();
    });
    ok = (to_stdout ? std::fflush(out) : std::fclose(out)) == 0 && ok;
  }
  if (to_stdout) return ok ? 0 : 2;
  if (!ok || std::rename(tmp.c_str(), f.output.c_str()) != 0) {
    std::fprintf(stderr, "svc: cannot write %s\n", f.output.c_str());
    std::remove(tmp.c_str());
    return 2;
  }
  return 0;
}

// Config option behind a plan field of a process ("stdout_log.logfile" -> stdout_logfile).
std::string OptionOf(const std::string& field, const std::string& sub) {
  if (sub.empty()) return field == "name" ? "process_name" : field;
  std::string ch = field.substr(0, 6);
  if (sub == "logfile" || sub == "path") return ch + "_logfile";
  if (sub == "logfile_maxbytes" || sub == "logfile_backups") return ch + "_" + sub;
  return ch + "_" + sub;
}

void PrintSetting(const svc::plan::Plan& plan, const svc::plan::Process& p, const std::string& key,
                  const nlohmann::json& v, const std::string& option, const std::string& only) {
  if (!only.empty() && only != option && only != key) return;
  const svc::plan::SourceLine* at = p.origin.Find(option);
  std::string where = at ? svc::plan::SourceLineText(plan.source.files, *at) : "default";
  std::string value = v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::printf("  %-28s %-40s %s\n", key.c_str(), value.c_str(), where.c_str());
}

int RunExplain(const std::vector<std::string>& args) {
  Flags f = ParseFlags(args, false);
  if (!f.error.empty()) return Usage(f.error);
  if (f.files.size() < 2 || f.files.size() > 3) return Usage("explain needs FILE NAME [OPTION]");
  Result r;
  CompileFile(f.files[0], f, r);
  if (!r.plan) {
    Report(r, f, stderr);
    return r.io_error ? 2 : 1;
  }
  const std::string& name = f.files[1];
  std::string only = f.files.size() == 3 ? f.files[2] : "";
  bool found = false;
  for (const auto& p : r.plan->processes) {
    if (name != p.name && name != p.group + ":" + p.name && name != p.program) continue;
    found = true;
    std::string section = svc::plan::SourceLineText(r.plan->source.files, p.origin.section);
    std::printf("%s:%s  (%s %s, defined at %s)\n", p.group.c_str(), p.name.c_str(), p.kind.c_str(),
                p.program.c_str(), section.c_str());
    nlohmann::json j = nlohmann::json::parse(svc::plan::ProcessSettingsJson(p));
    for (auto& [key, value] : j.items()) {
      if (value.is_object()) {
        for (auto& [sub, v] : value.items()) {
          PrintSetting(*r.plan, p, key + "." + sub, v, OptionOf(key, sub), only);
        }
      } else {
        PrintSetting(*r.plan, p, key, value, OptionOf(key, ""), only);
      }
    }
  }
  if (!found) {
    std::fprintf(stderr, "svc: no process, group:process or program named '%s'\n", name.c_str());
    return 1;
  }
  return 0;
}

int RunEchoConfig(const std::vector<std::string>& args) {
  if (!args.empty()) return Usage("echo-config takes no arguments");
  std::fputs(EchoConfig().c_str(), stdout);
  return 0;
}

const std::vector<CliCommand> kCommands = {
    {"check", RunCheck, "check [--strict] [--werror] [--format=json] FILE...",
     "report every error and warning in the configs (exit 0 ok, 1 errors, 2 usage/I/O)"},
    {"build", RunBuild, "build [--strict] FILE [-o plan.json]",
     "compile FILE into a validated, flattened plan (stdout without -o)"},
    {"explain", RunExplain, "explain FILE NAME [OPTION]",
     "show a process's effective settings and the file:line each came from"},
    {"echo-config", RunEchoConfig, "echo-config", "print a commented sample supervisord.conf"},
};

}  // namespace

const std::vector<CliCommand>& CliCommands() { return kCommands; }

int PrintUsage(bool to_stderr) {
  FILE* out = to_stderr ? stderr : stdout;
  std::fprintf(out, "usage: svc COMMAND [ARGS]\n\ncommands:\n");
  for (const auto& c : kCommands) std::fprintf(out, "  svc %-52s\n      %s\n", c.usage, c.help);
  std::fprintf(out,
               "\n--strict makes machine-dependent findings (users, PATH, directories) errors;\n"
               "--werror makes every warning an error. Codes: docs/diagnostics.md\n");
  return to_stderr ? 2 : 0;
}

}  // namespace svc::compiler
