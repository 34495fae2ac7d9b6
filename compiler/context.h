// Shared state of one compilation: options, sources, the merged raw config, the sink and the
// expansion layers; plus OptionReader, which reads one option of one section the way
// supervisord does (DEFAULT fallback, %-expansion in a given scope, typed parse, origin).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include "compiler/config_reader.h"
#include "compiler/diagnostics.h"
#include "compiler/expansion.h"
#include "compiler/source.h"
#include "compiler/values.h"
#include "schema/plan.h"

namespace svc::compiler {

struct CompileOptions {
  std::string config_path;
  std::map<std::string, std::string> environ;  // supervisord's environment (ENV_*)
  std::string host_node_name;                  // uname nodename
  std::string cwd;                             // relative pidfile/logfile/socket paths
  std::string tmpdir = "/tmp";                 // default childlogdir
  bool strict = false;                         // machine-dependent checks are errors
  bool like_supervisord = false;               // ...those supervisord refuses at start
  bool werror = false;                         // every warning is an error
  bool machine_checks = true;                  // look at PATH, users and directories
  bool seal = true;                            // compute fingerprints and the plan hash
  size_t max_file_bytes = 64u << 20;
  // Filled from the running process when empty.
  static CompileOptions FromProcess(std::string config_path);
};

struct Context {
  Context(const CompileOptions& o, Sources& s, DiagnosticSink& k)
      : options(o), sources(s), sink(k) {}
  const CompileOptions& options;
  Sources& sources;
  DiagnosticSink& sink;
  RawConfig raw;
  std::string here;       // absolute directory of the main config file
  ExpansionMap env;       // ENV_* (grows with [supervisord] environment)
  ExpansionMap here_map;  // {here}
  ExpansionMap host_map;  // {host_node_name}
  // Machine checks of this compile: 10,000 processes usually share a few programs and log
  // directories. Per compile, so a reread sees directories created since.
  std::unordered_map<std::string, bool> dir_cache;
  std::unordered_map<std::string, std::string> program_cache;
  std::unordered_map<std::string, bool> user_cache;  // "u<user>" / "g<group>" -> exists
  // [supervisord] environment: the base of every process's environment.
  std::map<std::string, std::string> global_env;
  std::string Where(Loc loc) const { return sources.Describe(loc); }
  // The plan's form of a location: plan.source.files lists the files in Sources' order.
  static svc::plan::SourceLine Line(Loc loc) {
    return loc.valid() ? svc::plan::SourceLine{loc.file, loc.line} : svc::plan::SourceLine{};
  }
  std::string Where(svc::plan::SourceLine line) const {
    return line.valid() ? sources.Describe(Loc{line.file, line.line, 1}) : "";
  }
};

// Reads options of one section. Every Read* returns false after reporting a diagnostic;
// an absent option leaves `out` untouched (its default) and returns true.
class OptionReader {
 public:
  OptionReader(Context& ctx, const RawSection& section, svc::plan::Origin* origin)
      : ctx_(ctx), section_(section), origin_(origin) {}

  // Keys are views: callers pass literals, which would otherwise become a string per read.
  const RawOption* Raw(std::string_view key) const { return ctx_.raw.Get(section_, key); }
  bool Has(std::string_view key) const { return Raw(key) != nullptr; }
  // The expanded text, or nullopt when absent or on error (`*failed` tells which).
  std::optional<std::string> Text(std::string_view key, const Scope& scope, bool* failed);
  std::optional<std::string> Expand(const RawOption& opt, std::string_view text, const Scope& scope,
                                    bool* failed);

  template <typename T>
  bool Read(std::string_view key, const Scope& scope, Parsed<T> (*parse)(std::string_view),
            const char* code, T& out) {
    bool failed = false;
    auto text = Text(key, scope, &failed);
    if (!text) return !failed;
    auto value = parse(*text);
    if (!value) {
      Bad(key, code, value.error());
      return false;
    }
    out = std::move(*value);
    return true;
  }
  bool ReadString(std::string_view key, const Scope& scope, std::string& out);
  bool ReadOptString(std::string_view key, const Scope& scope, std::optional<std::string>& out);
  void Bad(std::string_view key, const char* code, const std::string& message);
  void RecordOrigin(const RawOption& opt);
  const RawSection& section() const { return section_; }
  Context& ctx() { return ctx_; }

 private:
  Context& ctx_;
  const RawSection& section_;
  svc::plan::Origin* origin_;
};

}  // namespace svc::compiler
