// The few plan settings the state machine acts on, resolved once from a plan::Process:
// autorestart as an enum, stopsignal as a number. Invalid values are refused here, not at runtime.
// Held by every ProcessMachine, next to its packed plan::Process.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "schema/plan.h"

namespace svc::runtime::core {

// supervisord's autorestart: False, RestartUnconditionally, RestartWhenExitUnexpected.
enum class AutoRestart : uint8_t { kNever, kAlways, kUnexpected };

// Every ProcessMachine holds one, so the fields are ordered to pack and the exit codes are a
// bit set (codes 0-63, the usual ones) plus a list that stays empty, without allocating.
struct ProcessSettings {
  int64_t priority = 999;
  int64_t startsecs = 1;
  int64_t startretries = 3;
  int64_t stopwaitsecs = 10;
  uint64_t exitcode_bits = 1;            // bit c: exit code c (0-63) is expected
  std::vector<int64_t> other_exitcodes;  // expected codes outside 0-63
  int stopsignal = 15;
  AutoRestart autorestart = AutoRestart::kUnexpected;
  bool autostart = true;
  bool stopasgroup = false;
  bool killasgroup = false;

  // Replaces the expected exit codes.
  void SetExitCodes(const std::vector<int64_t>& codes);
  // `es in config.exitcodes`; a signal death (-1) is never expected.
  bool ExitExpected(int exitstatus) const;
};

// Fails with a message naming the process when autorestart or stopsignal is not valid, or a
// number is negative.
[[nodiscard]] tl::expected<ProcessSettings, std::string> ResolveSettings(const plan::Process& p);

}  // namespace svc::runtime::core
