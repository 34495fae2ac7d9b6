#include "compiler/checks.h"

#include <sys/stat.h>
#include <unistd.h>

#include <unordered_map>

#include "compiler/sections.h"

namespace svc::compiler {
namespace {

Loc CommandLoc(OptionReader& r) { return r.Raw("command")->value_loc; }

// The text after the value on the command's line: an inline comment supervisord removed.
std::string_view TrailingComment(OptionReader& r) {
  const RawOption* c = r.Raw("command");
  if (c->value.find('\n') != std::string::npos) return {};
  std::string_view line = r.ctx().sources.Line(c->value_loc.file, c->value_loc.line);
  size_t end = static_cast<size_t>(c->value_loc.col - 1) + c->value.size();
  if (end >= line.size()) return {};
  return StripPy(line.substr(end));
}

void CheckSplit(OptionReader& r, svc::plan::Process& p, bool first) {
  auto argv = ShlexSplit(p.command);
  if (argv) {
    p.argv = std::move(*argv);
    if (p.argv.empty() && first) {
      r.ctx().sink.Warning(CommandLoc(r), "empty-command",
                           "the command is empty: every start fails with 'command is empty'");
    }
    return;
  }
  if (!first) return;
  std::string_view comment = TrailingComment(r);
  if (!comment.empty()) {
    Diagnostic& d = r.ctx().sink.Warning(
        CommandLoc(r), "command-truncated",
        "the command was cut at an unquoted '" + std::string(1, comment[0]) +
            "' after white space, which supervisord reads as a comment: it runs `" + p.command +
            "`, which cannot be parsed (" + argv.error() + ")",
        static_cast<int>(p.command.size()));
    d.notes.push_back(MakeNote({},
                               "write the command without white space before ';' or '#', "
                               "or move it into a script"));
    return;
  }
  r.ctx().sink.Warning(
      CommandLoc(r), "bad-command-quoting",
      "the command cannot be split (" + argv.error() + "): every start fails with a spawn error",
      static_cast<int>(p.command.size()));
}

// supervisord's PATH search (options.get_path): its own PATH, else /bin:/usr/bin:/usr/local/bin.
std::vector<std::string> SearchPath(const Context& ctx) {
  auto it = ctx.options.environ.find("PATH");
  std::string path = it != ctx.options.environ.end() && !it->second.empty()
                         ? it->second
                         : "/bin:/usr/bin:/usr/local/bin";
  std::vector<std::string> dirs;
  size_t start = 0;
  while (true) {
    size_t colon = path.find(':', start);
    dirs.push_back(path.substr(start, colon == std::string::npos ? colon : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return dirs;
}

// "" when runnable, else the reason. Cached: 10,000 processes usually share a few programs.
std::string ProgramProblem(Context& ctx, const std::string& program) {
  auto& cache = ctx.program_cache;
  auto it = cache.find(program);
  if (it != cache.end()) return it->second;
  std::string problem;
  struct stat st {};
  if (program.find('/') != std::string::npos) {
    if (stat(program.c_str(), &st) != 0) {
      problem = "'" + program + "' does not exist on this machine";
    } else if (S_ISDIR(st.st_mode) || access(program.c_str(), X_OK) != 0) {
      problem = "'" + program + "' is not executable";
    }
  } else {
    bool found = false;
    for (const std::string& dir : SearchPath(ctx)) {
      std::string full = dir + "/" + program;
      if (stat(full.c_str(), &st) == 0 && !S_ISDIR(st.st_mode) && access(full.c_str(), X_OK) == 0) {
        found = true;
        break;
      }
    }
    if (!found) problem = "'" + program + "' is not an executable on PATH";
  }
  cache.emplace(program, problem);
  return problem;
}

}  // namespace

void WarnDroppedWords(OptionReader& r, const KeyValues& kv) {
  std::string words;
  for (const std::string& w : kv.dropped) words += (words.empty() ? "'" : ", '") + w + "'";
  r.ctx().sink.Warning(r.Raw("environment")->value_loc, "environment-dropped-words",
                       "supervisord silently drops " + words +
                           " from environment=: separate pairs with ',' and quote values "
                           "that contain spaces (KEY=\"a b\")");
}

bool CheckProcess(OptionReader& r, svc::plan::Process& p, bool first) {
  if (auto bad = BadNameChar(p.name); bad || p.name.empty()) {
    // supervisord validates process_name only before expansion (quirk 4).
    const RawOption* pn = r.Raw("process_name");
    r.ctx().sink.Error(pn ? pn->value_loc : r.section().loc, "bad-name",
                       "process name '" + p.name + "' " +
                           (bad ? std::string("contains '") + *bad + "'" : "is empty") +
                           ": it would break group:name addressing");
    return false;
  }
  CheckSplit(r, p, first);
  if (!r.ctx().options.machine_checks) return true;
  if (!p.argv.empty()) {
    std::string problem = ProgramProblem(r.ctx(), p.argv[0]);
    if (!problem.empty() && first) {
      r.ctx().sink.Machine(CommandLoc(r), "command-not-found", problem,
                           static_cast<int>(p.argv[0].size()), false);
    }
  }
  if (p.directory && first) CheckDirectory(r, "directory", *p.directory, false);
  return true;
}

}  // namespace svc::compiler
