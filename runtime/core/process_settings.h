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
enum class AutoRestart { kNever, kAlways, kUnexpected };

struct ProcessSettings {
  int64_t priority = 999;
  bool autostart = true;
  AutoRestart autorestart = AutoRestart::kUnexpected;
  int64_t startsecs = 1;
  int64_t startretries = 3;
  std::vector<int64_t> exitcodes = {0};
  int stopsignal = 15;
  int64_t stopwaitsecs = 10;
  bool stopasgroup = false;
  bool killasgroup = false;

  // `es in config.exitcodes`; a signal death (-1) is never expected.
  bool ExitExpected(int exitstatus) const;
};

// Fails with a message naming the process when autorestart or stopsignal is not valid, or a
// number is negative.
[[nodiscard]] tl::expected<ProcessSettings, std::string> ResolveSettings(const plan::Process& p);

}  // namespace svc::runtime::core
