#include "compiler/compile.h"

#include "compiler/groups.h"
#include "compiler/includes.h"
#include "compiler/sections.h"
#include "compiler/validate.h"
#include "schema/fingerprint.h"
#include "schema/parallel.h"

namespace svc::compiler {

std::optional<svc::plan::Plan> Compile(const CompileOptions& options, Sources& sources,
                                       DiagnosticSink& sink, RawConfig* raw) {
  sink.set_strict(options.strict);
  sink.set_like_supervisord(options.like_supervisord);
  sink.set_werror(options.werror);
  Context ctx(options, sources, sink);
  for (const auto& [k, v] : options.environ) ctx.env["ENV_" + k] = v;
  ctx.host_map["host_node_name"] = options.host_node_name;
  if (!LoadConfig(ctx)) return std::nullopt;
  svc::plan::Plan plan;
  size_t bytes = 0;
  for (int f = 0; f < sources.size(); ++f) {
    plan.source.files.push_back({sources.file(f).path, ""});
    bytes += sources.file(f).text.size();
  }
  // The content hashes are one serial chain of multiplies per file (4 ms for 3 MB): a big
  // config's are computed on another thread while the sections are built.
  auto hash = [&] {
    for (int f = 0; f < sources.size(); ++f) {
      plan.source.files[static_cast<size_t>(f)].hash = svc::plan::HashHex(sources.file(f).text);
    }
  };
  bool ok = true;
  auto build = [&] {
    CheckKnownNames(ctx);
    ok = BuildSupervisord(ctx, plan.supervisord);
    ok &= BuildPlugins(ctx, plan.rpcinterfaces, plan.ctlplugins);
    ok &= BuildGroups(ctx, plan.groups, plan.processes);
    ok &= BuildServers(ctx, plan.servers);
    ok &= BuildCtl(ctx, plan.ctl);
  };
  if (svc::plan::SplitPoint(bytes / 1024) == bytes / 1024) {
    hash();
    build();
  } else {
    svc::plan::RunBoth(build, hash);
  }
  if (ok) ValidatePlan(ctx, plan);
  if (raw) *raw = std::move(ctx.raw);
  if (!ok || sink.has_errors()) return std::nullopt;
  if (options.seal) svc::plan::Seal(plan);
  return plan;
}

}  // namespace svc::compiler
