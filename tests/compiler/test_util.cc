#include "tests/compiler/test_util.h"

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace svc::compiler::testing {
namespace {

int RemoveEntry(const char* path, const struct stat*, int, struct FTW*) {
  // A test may have made a directory unreadable; give it back its mode before removing it.
  chmod(path, 0700);
  return remove(path);
}

void MakeParents(const std::string& path) {
  for (size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    mkdir(path.substr(0, slash).c_str(), 0755);
  }
}

}  // namespace

TempDir::TempDir() {
  char tmpl[] = "/tmp/svc_compiler_test.XXXXXX";
  const char* made = mkdtemp(tmpl);
  if (made == nullptr) std::abort();
  path_ = made;
}

TempDir::~TempDir() {
  // Restore modes top-down first, so nftw can descend into directories a test locked.
  chmod(path_.c_str(), 0700);
  nftw(path_.c_str(), RemoveEntry, 64, FTW_DEPTH | FTW_PHYS);
}

std::string TempDir::Write(const std::string& name, std::string_view content) const {
  std::string full = path_ + "/" + name;
  MakeParents(full);
  FILE* f = std::fopen(full.c_str(), "wb");
  if (f == nullptr) std::abort();
  if (!content.empty() && std::fwrite(content.data(), 1, content.size(), f) != content.size()) {
    std::abort();
  }
  std::fclose(f);
  return full;
}

std::string TempDir::Mkdir(const std::string& name) const {
  std::string full = path_ + "/" + name;
  MakeParents(full + "/");
  return full;
}

std::string ReadResult::Value(const std::string& section, const std::string& key) const {
  const RawSection* s = section == "DEFAULT" ? &config.defaults : config.Find(section);
  if (s == nullptr) return "<missing>";
  const RawOption* o = config.Get(*s, key);
  return o ? o->value : "<missing>";
}

ReadResult ReadText(std::string_view text) {
  ReadResult r;
  int file = r.sources.Add("test.conf", std::string(text));
  r.ok = ReadConfigFile(r.sources, file, r.config, r.sink);
  return r;
}

std::vector<std::string> Codes(const DiagnosticSink& sink, Severity severity) {
  std::vector<std::string> out;
  for (const Diagnostic& d : sink.all()) {
    if (d.severity == severity) out.push_back(d.code);
  }
  return out;
}

std::vector<std::string> ErrorCodes(const DiagnosticSink& sink) {
  return Codes(sink, Severity::kError);
}

std::vector<std::string> WarningCodes(const DiagnosticSink& sink) {
  return Codes(sink, Severity::kWarning);
}

const Diagnostic* FindCode(const DiagnosticSink& sink, std::string_view code) {
  for (const Diagnostic& d : sink.all()) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

const svc::plan::Process* CompileResult::Process(const std::string& group,
                                                 const std::string& name) const {
  if (!plan) return nullptr;
  for (const svc::plan::Process& p : plan->processes) {
    if (p.group == group && p.name == name) return &p;
  }
  return nullptr;
}

const svc::plan::Group* CompileResult::Group(const std::string& name) const {
  if (!plan) return nullptr;
  for (const svc::plan::Group& g : plan->groups) {
    if (g.name == name) return &g;
  }
  return nullptr;
}

CompileOptions TestOptions(const std::string& config_path) {
  CompileOptions o;
  o.config_path = config_path;
  o.environ = {{"HOME", "/root"}, {"PATH", "/usr/bin:/bin"}};
  o.host_node_name = "testhost";
  size_t slash = config_path.rfind('/');
  o.cwd = slash == std::string::npos ? "/" : config_path.substr(0, slash);
  o.tmpdir = "/tmp";
  o.machine_checks = false;
  return o;
}

CompileResult CompileFile(const CompileOptions& options) {
  CompileResult r;
  r.plan = Compile(options, r.sources, r.sink);
  return r;
}

CompileResult CompileFile(const std::string& config_path) {
  return CompileFile(TestOptions(config_path));
}

std::string SupervisordSection(const std::string& dir) {
  return "[supervisord]\nlogfile=" + dir + "/supervisord.log\npidfile=" + dir +
         "/supervisord.pid\nchildlogdir=" + dir + "\n";
}

CompileResult ConfigTest::Build(const std::string& body) {
  path_ = dir_.Write("supervisord.conf", SupervisordSection(dir_.path()) + body);
  return CompileFile(path_);
}

std::vector<std::string> ConfigTest::ProcessNames(const CompileResult& r) const {
  std::vector<std::string> names;
  if (r.plan) {
    for (const auto& p : r.plan->processes) names.push_back(p.group + ":" + p.name);
  }
  return names;
}

std::vector<std::string> ConfigTest::GroupNames(const CompileResult& r) const {
  std::vector<std::string> names;
  if (r.plan) {
    for (const auto& g : r.plan->groups) names.push_back(g.name);
  }
  return names;
}

std::string ConfigTest::OriginOf(const CompileResult& r, const svc::plan::Process& p,
                                 const std::string& key) {
  const svc::plan::SourceLine* at = p.origin.Find(key);
  return at ? svc::plan::SourceLineText(r.plan->source.files, *at) : "<none>";
}

std::string ConfigTest::SectionOf(const CompileResult& r, const svc::plan::Process& p) {
  return svc::plan::SourceLineText(r.plan->source.files, p.origin.section);
}

}  // namespace svc::compiler::testing
