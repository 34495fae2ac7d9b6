// FNV-1a over canonical JSON (schema/plan_json.h), for process fingerprints and the plan hash.
#include "schema/fingerprint.h"

#include <cstdint>

#include "schema/plan_json.h"

namespace svc::plan {

std::string HashHex(std::string_view data) {
  constexpr uint64_t kOffsetBasis = 14695981039346656037ULL;
  constexpr uint64_t kPrime = 1099511628211ULL;
  uint64_t hash = kOffsetBasis;
  for (char c : data) {
    hash ^= static_cast<unsigned char>(c);
    hash *= kPrime;
  }
  constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) out[static_cast<size_t>(i)] = kDigits[hash & 0xf];
  return out;
}

std::string Fingerprint(const Process& process) { return HashHex(ProcessSettingsJson(process)); }

// The processes enter the plan hash through their fingerprints, so a plan is serialized once
// for the hash, not twice.
std::string PlanHash(const Plan& plan) {
  std::string text = PlanContentJson(plan);
  for (const Process& process : plan.processes) text += Fingerprint(process);
  return HashHex(text);
}

void Seal(Plan& plan) {
  std::string text = PlanContentJson(plan);
  for (Process& process : plan.processes) {
    process.fingerprint = Fingerprint(process);
    text += process.fingerprint;
  }
  plan.source.hash = HashHex(text);
}

}  // namespace svc::plan
