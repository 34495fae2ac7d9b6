#include "compiler/compile.h"

#include "compiler/groups.h"
#include "compiler/includes.h"
#include "compiler/sections.h"
#include "compiler/validate.h"
#include "schema/fingerprint.h"

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
  for (int f = 0; f < sources.size(); ++f) plan.source.files.push_back({sources.file(f).path, ""});
  CheckKnownNames(ctx);
  bool ok = BuildSupervisord(ctx, plan.supervisord);
  ok &= BuildPlugins(ctx, plan.rpcinterfaces, plan.ctlplugins);
  ok &= BuildGroups(ctx, plan.groups, plan.processes);
  ok &= BuildServers(ctx, plan.servers);
  ok &= BuildCtl(ctx, plan.ctl);
  if (ok) ValidatePlan(ctx, plan);
  if (raw) *raw = std::move(ctx.raw);
  if (!ok || sink.has_errors()) return std::nullopt;
  if (options.seal) {
    for (int f = 0; f < sources.size(); ++f) {
      plan.source.files[static_cast<size_t>(f)].hash = svc::plan::HashHex(sources.file(f).text);
    }
    svc::plan::Seal(plan);
  }
  return plan;
}

}  // namespace svc::compiler
