// Helpers shared by the compiler tests: a scratch directory, reading one config text, and
// compiling a config file with a fixed, machine-independent environment.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/compile.h"
#include "compiler/config_reader.h"
#include "compiler/context.h"
#include "compiler/diagnostics.h"
#include "compiler/source.h"
#include "schema/plan.h"

namespace svc::compiler::testing {

// A fresh directory under /tmp, removed with everything in it when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // Writes `content` to path()/name (creating parent directories); returns the full path.
  std::string Write(const std::string& name, std::string_view content) const;
  std::string Mkdir(const std::string& name) const;

 private:
  std::string path_;
};

// One config text read by ReadConfigFile as the file "test.conf".
struct ReadResult {
  Sources sources;
  RawConfig config;
  DiagnosticSink sink;
  bool ok = false;

  const RawSection* Section(const std::string& name) const { return config.Find(name); }
  // The value of section.key ("<missing>" when absent), so EXPECT_EQ shows what was read.
  std::string Value(const std::string& section, const std::string& key) const;
};
ReadResult ReadText(std::string_view text);

// Codes of every diagnostic of one severity, in order.
std::vector<std::string> Codes(const DiagnosticSink& sink, Severity severity);
std::vector<std::string> ErrorCodes(const DiagnosticSink& sink);
std::vector<std::string> WarningCodes(const DiagnosticSink& sink);
const Diagnostic* FindCode(const DiagnosticSink& sink, std::string_view code);

struct CompileResult {
  Sources sources;
  DiagnosticSink sink;
  std::optional<svc::plan::Plan> plan;

  std::string Text() const { return RenderText(sources, sink.all()); }
  const svc::plan::Process* Process(const std::string& group, const std::string& name) const;
  const svc::plan::Group* Group(const std::string& name) const;
};

// Options that do not depend on the machine: environ {HOME=/root, PATH=/usr/bin:/bin},
// host_node_name "testhost", cwd = the config's directory, no machine checks.
CompileOptions TestOptions(const std::string& config_path);
CompileResult CompileFile(const CompileOptions& options);
CompileResult CompileFile(const std::string& config_path);

// A minimal [supervisord] section whose paths live in `dir` (so no check depends on cwd).
std::string SupervisordSection(const std::string& dir);

// Fixture for end-to-end tests: a scratch directory holding supervisord.conf.
class ConfigTest : public ::testing::Test {
 protected:
  // Writes supervisord.conf = SupervisordSection() + body (4 lines + body) and compiles it.
  CompileResult Build(const std::string& body);
  // "group:name" of every process, in plan order.
  std::vector<std::string> ProcessNames(const CompileResult& r) const;
  std::vector<std::string> GroupNames(const CompileResult& r) const;
  // The recorded "file:line" of an option of a process of r's plan, or "<none>".
  static std::string OriginOf(const CompileResult& r, const svc::plan::Process& p,
                              const std::string& key);
  // The "file:line" of the process's section.
  static std::string SectionOf(const CompileResult& r, const svc::plan::Process& p);

  TempDir dir_;
  std::string path_;
};

}  // namespace svc::compiler::testing
