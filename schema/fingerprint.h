// Stable hashes of plan content: a process fingerprint (did this process's settings change?) and
// the plan hash (did anything svcd runs change?). Both hash canonical JSON with 64-bit FNV-1a.
#pragma once

#include <string>
#include <string_view>

#include "schema/plan.h"

namespace svc::plan {

// 64-bit FNV-1a of `data` as 16 lowercase hex digits. Stable across runs, builds and hosts.
std::string HashHex(std::string_view data);

// Hash of every setting of the process except `fingerprint` and `origin`, so moving a section to
// another line or file keeps it; any setting change alters it (svcd restarts that process on
// update, as supervisord does when a process config differs).
std::string Fingerprint(const Process& process);

// Hash of the plan without `source`: the same for the same content wherever the files live. Origins
// (file:line) are content here, so moving a section changes it. Fill fingerprints first (Seal).
std::string PlanHash(const Plan& plan);

// Fills every process's fingerprint, then source.hash.
void Seal(Plan& plan);

}  // namespace svc::plan
