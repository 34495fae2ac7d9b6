// The compiler's entry point: supervisord.conf (and its includes) to a sealed plan, with
// every diagnostic in the sink. This is the "plan source" svcd also uses for -c.
#pragma once

#include <optional>

#include "compiler/context.h"
#include "compiler/diagnostics.h"
#include "compiler/source.h"
#include "schema/plan.h"

namespace svc::compiler {

// Returns the plan when there are no errors. `raw` (optional) receives the merged config,
// without the options of process sections: lowering frees those once their processes are built.
std::optional<svc::plan::Plan> Compile(const CompileOptions& options, Sources& sources,
                                       DiagnosticSink& sink, RawConfig* raw = nullptr);

}  // namespace svc::compiler
