// Stage: group construction as supervisord's process_groups_from_parser does it —
// [group:x] first, then ungrouped programs, eventlisteners and fcgi-programs — then sorted by
// (priority, name), with the name collisions supervisord silently resolves reported.
#pragma once

#include "compiler/context.h"
#include "schema/plan.h"

namespace svc::compiler {

bool BuildGroups(Context& ctx, std::vector<svc::plan::Group>& groups,
                 std::vector<svc::plan::Process>& processes);

}  // namespace svc::compiler
