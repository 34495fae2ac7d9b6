// Per-process lint that goes beyond what supervisord checks: how the command splits, whether
// a comment cut it short, what environment= silently drops, and (machine-dependent) whether
// the command and directory exist where the plan is built.
#pragma once

#include "compiler/context.h"
#include "compiler/values.h"
#include "schema/plan.h"

namespace svc::compiler {

void WarnDroppedWords(OptionReader& r, const KeyValues& kv);
// Splits the command into argv and checks the process; `first` is the first process of its
// section (section-wide findings are reported once). False on an error.
bool CheckProcess(OptionReader& r, svc::plan::Process& p, bool first);

}  // namespace svc::compiler
