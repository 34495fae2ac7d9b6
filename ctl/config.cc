// [supervisorctl] reader on top of the compiler's ConfigParser-compatible lexer.
#include "ctl/config.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "compiler/config_reader.h"
#include "compiler/expansion.h"
#include "compiler/values.h"
#include "ctl/format.h"

extern char** environ;

namespace svc::ctl {
namespace {

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

compiler::ExpansionMap EnvironExpansions() {
  compiler::ExpansionMap env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry = *e;
    size_t eq = entry.find('=');
    if (eq == std::string::npos) continue;
    env["ENV_" + entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return env;
}

// UnhosedConfigParser.saneget: the value %-expanded, or Python's ValueError text.
tl::expected<std::optional<std::string>, std::string> Get(const compiler::RawConfig& raw,
                                                          const compiler::RawSection& section,
                                                          const std::string& key,
                                                          const compiler::Scope& scope) {
  const compiler::RawOption* option = raw.Get(section, key);
  if (option == nullptr) return std::optional<std::string>();
  auto expanded = compiler::Expand(option->value, scope);
  if (expanded) return std::optional<std::string>(*expanded);
  std::string where = PyRepr("supervisorctl." + key);
  if (expanded.error().kind == compiler::ExpandError::Kind::kUnknownName) {
    std::string names;
    for (const auto& name : scope.Names()) names += (names.empty() ? "" : ", ") + name;
    return tl::unexpected("Format string " + PyRepr(option->value) + " for " + where +
                          " contains names (" + PyRepr(expanded.error().name) +
                          ") which cannot be expanded. Available names: " + names);
  }
  return tl::unexpected("Format string " + PyRepr(option->value) + " for " + where +
                        " is badly formatted: " + expanded.error().message);
}

}  // namespace

std::string NormalizePath(const std::string& path) {
  std::string p = compiler::ExpandUser(path);
  if (p.empty() || p[0] != '/') {
    std::vector<char> cwd(4096);
    if (getcwd(cwd.data(), cwd.size()) != nullptr) p = std::string(cwd.data()) + "/" + p;
  }
  std::vector<std::string> parts;
  std::stringstream in(p);
  for (std::string part; std::getline(in, part, '/');) {
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
  }
  std::string out;
  for (const auto& part : parts) out += "/" + part;
  return out.empty() ? "/" : out;
}

std::string FindDefaultConfig(const std::string& argv0) {
  std::string here = DirName(DirName(argv0));
  auto join = [&](const std::string& tail) { return here.empty() ? tail : here + "/" + tail; };
  const std::vector<std::string> paths = {
      join("etc/supervisord.conf"), join("supervisord.conf"), "supervisord.conf",
      "etc/supervisord.conf",       "/etc/supervisord.conf",  "/etc/supervisor/supervisord.conf"};
  for (const auto& path : paths) {
    if (access(path.c_str(), F_OK) == 0) return path;
  }
  return "";
}

tl::expected<CtlConfig, std::string> ReadCtlConfig(const std::string& path) {
  if (access(path.c_str(), F_OK) != 0) return tl::unexpected("could not find config file " + path);
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  if (!file) return tl::unexpected("could not read config file " + path);

  compiler::Sources sources;
  int index = sources.Add(path, text.str());
  compiler::RawConfig raw;
  compiler::DiagnosticSink sink;
  if (!compiler::ReadConfigFile(sources, index, raw, sink)) {
    const auto& first = sink.all().front();
    return tl::unexpected("File contains parsing errors: " + path + ": line " +
                          std::to_string(first.loc.line) + ": " + first.message);
  }
  const compiler::RawSection* section = raw.Find("supervisorctl");
  if (section == nullptr)
    return tl::unexpected(std::string(".ini file does not include supervisorctl section"));

  compiler::ExpansionMap env = EnvironExpansions();
  compiler::ExpansionMap here{{"here", DirName(NormalizePath(path))}};
  compiler::Scope plain{&env};
  compiler::Scope with_here{&env, &here};
  CtlConfig config;
  struct Row {
    const char* key;
    const compiler::Scope* scope;
    std::optional<std::string> CtlConfig::*field;
  };
  const Row rows[] = {{"serverurl", &with_here, &CtlConfig::serverurl},
                      {"prompt", &plain, &CtlConfig::prompt},
                      {"username", &plain, &CtlConfig::username},
                      {"password", &plain, &CtlConfig::password},
                      {"history_file", &with_here, &CtlConfig::history_file}};
  for (const auto& row : rows) {
    auto value = Get(raw, *section, row.key, *row.scope);
    if (!value) return tl::unexpected(value.error());
    config.*row.field = *value;
  }
  if (config.serverurl && config.serverurl->rfind("unix://", 0) == 0) {
    config.serverurl = "unix://" + NormalizePath(config.serverurl->substr(7));
  }
  if (config.history_file) {
    if (config.history_file->empty()) {
      config.history_file.reset();
    } else {
      config.history_file = NormalizePath(*config.history_file);
    }
  }
  return config;
}

}  // namespace svc::ctl
