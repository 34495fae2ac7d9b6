// A plan with every field set away from its default and every optional present, shared by the
// schema tests; tests/testdata/schema/sample.plan.json is this plan, sealed, as ToJson writes it.
#pragma once

#include "schema/plan.h"

namespace svc::plan::testing {

// Not sealed: fingerprints and source.hash are empty.
Plan FullPlan();

// The first process of FullPlan().
Process FullProcess();

}  // namespace svc::plan::testing
