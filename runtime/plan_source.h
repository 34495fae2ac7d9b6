// Where svcd's plan comes from: a supervisord.conf compiled in-process (-c), or a plan built
// by `svc build` (--plan). Loaded at start and again on SIGHUP (restart).
#pragma once

#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "runtime/options.h"
#include "schema/plan.h"

namespace svc::runtime {

struct PlanLoad {
  plan::Plan plan;
  std::vector<std::string> warnings;  // compiler warnings, one main-log line each
};

// A failure carries the full text to print (compiler diagnostics or the plan's error).
[[nodiscard]] tl::expected<PlanLoad, std::string> LoadPlan(const Options& options,
                                                           const std::string& argv0);

}  // namespace svc::runtime
