// Stage: one [program:x], [eventlistener:x] or [fcgi-program:x] section into its processes,
// read in the order and with the expansion scopes of supervisord's _processes_from_section,
// numprocs unrolled.
#pragma once

#include <vector>

#include "compiler/context.h"
#include "schema/plan.h"

namespace svc::compiler {

// `group` is the group the processes land in; `kind` the plan kind ("program", ...).
// Returns false (with diagnostics) when the section is invalid.
bool BuildProcesses(Context& ctx, const RawSection& section, const std::string& group,
                    const std::string& kind, std::vector<svc::plan::Process>& out);

// The name after "program:" etc., stripped and checked like process_or_group_name.
bool SectionName(Context& ctx, const RawSection& section, std::string& name, bool validate);

}  // namespace svc::compiler
