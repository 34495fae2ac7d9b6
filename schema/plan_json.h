// The plan's JSON form: a deterministic writer (sorted keys, 2-space indent, trailing newline, so
// equal plans give byte-identical text) and a reader that never throws and says what is wrong.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "schema/json_writer.h"
#include "schema/plan.h"

namespace svc::plan {

// The plan as JSON text. Field names are the C++ member names; an empty optional is null and its
// key is kept. Strings that are not valid UTF-8 are written with U+FFFD in place of bad bytes.
std::string ToJson(const Plan& plan);
// The same text, handed to `sink` in chunks of about 1 MiB (for writing big plans to a file).
void WriteJson(const Plan& plan, const std::function<void(std::string_view)>& sink);

// Parses and checks a plan: JSON syntax, plan_version == kPlanVersion, every field present with
// the right type and value range, and no unknown field. On failure the message names the field,
// e.g. "processes[2].startsecs: expected integer, got string".
[[nodiscard]] tl::expected<Plan, std::string> FromJson(std::string_view text);

// Canonical compact JSON of every setting of a process except `fingerprint` and `origin`.
std::string ProcessSettingsJson(const Process& process);
// The same text in `w` (compact, cleared first), reusing its buffer: Seal runs it for every
// process.
void ProcessSettingsJson(const Process& process, JsonWriter& w);

// Canonical compact JSON of the plan except `source`, `processes` and origins (see PlanHash).
std::string PlanContentJson(const Plan& plan);

}  // namespace svc::plan
