#include "runtime/plan_source.h"

#include <fstream>
#include <sstream>

#include "compiler/compile.h"
#include "schema/fingerprint.h"
#include "schema/plan_json.h"

namespace svc::runtime {
namespace {

tl::expected<PlanLoad, std::string> FromPlanFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return tl::unexpected("could not read plan file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  auto plan = plan::FromJson(text.str());
  if (!plan) return tl::unexpected("plan " + path + " is not usable: " + plan.error());
  // A plan edited by hand keeps working, but its fingerprints are recomputed, not trusted.
  plan::Seal(*plan);
  return PlanLoad{std::move(*plan), {}};
}

tl::expected<PlanLoad, std::string> FromConfig(const std::string& path) {
  compiler::Sources sources;
  compiler::DiagnosticSink sink;
  // Like supervisord, the deploy machine is the one we run on: its checks are errors here.
  compiler::CompileOptions options = compiler::CompileOptions::FromProcess(path);
  options.like_supervisord = true;
  auto plan = compiler::Compile(options, sources, sink);
  if (!plan) {
    if (sources.size() == 0) return tl::unexpected("could not read config file " + path);
    return tl::unexpected(compiler::RenderText(sources, sink.all()));
  }
  // Warnings go to the main log, one line each, without the source snippet.
  PlanLoad load{std::move(*plan), {}};
  for (const compiler::Diagnostic& d : sink.all()) {
    std::string where =
        d.loc.valid() ? sources.file(d.loc.file).path + ":" + std::to_string(d.loc.line) + ": "
                      : "";
    load.warnings.push_back(where + d.message + " [" + d.code + "]");
  }
  return load;
}

// svcd never reports where a setting came from (only the compiler's messages do), and with
// thousands of processes the file:line of every option is a large part of svcd's memory.
tl::expected<PlanLoad, std::string> WithoutOrigins(tl::expected<PlanLoad, std::string> load) {
  if (!load) return load;
  for (plan::Process& p : load->plan.processes) p.origin = {};
  load->plan.supervisord.origin = {};
  // The compiler grew these one element at a time: give back the spare capacity.
  load->plan.processes.shrink_to_fit();
  load->plan.groups.shrink_to_fit();
  return load;
}

}  // namespace

tl::expected<PlanLoad, std::string> LoadPlan(const Options& options, const std::string& argv0) {
  if (options.plan) return WithoutOrigins(FromPlanFile(*options.plan));
  std::optional<std::string> config = options.config;
  if (!config) config = FindDefaultConfig(argv0);
  if (!config) {
    return tl::unexpected(std::string(
        "No config file found at default paths (/etc/supervisord.conf, "
        "/etc/supervisor/supervisord.conf, supervisord.conf, etc/supervisord.conf); use the -c "
        "option to specify a config file at a different path"));
  }
  return WithoutOrigins(FromConfig(*config));
}

}  // namespace svc::runtime
