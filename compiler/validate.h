// Stage: checks across the whole plan that no single section can see: shared log files and
// the file-descriptor budget against minfds.
#pragma once

#include "compiler/context.h"
#include "schema/plan.h"

namespace svc::compiler {

void ValidatePlan(Context& ctx, const svc::plan::Plan& plan);

}  // namespace svc::compiler
