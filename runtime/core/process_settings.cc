#include "runtime/core/process_settings.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include "runtime/core/signals.h"

namespace svc::runtime::core {
namespace {

struct AutoRestartRow {
  std::string_view text;
  AutoRestart value;
};

constexpr std::array<AutoRestartRow, 3> kAutoRestart = {{
    {"true", AutoRestart::kAlways},
    {"false", AutoRestart::kNever},
    {"unexpected", AutoRestart::kUnexpected},
}};

std::optional<AutoRestart> ParseAutoRestart(std::string_view text) {
  for (const AutoRestartRow& row : kAutoRestart) {
    if (row.text == text) return row.value;
  }
  return std::nullopt;
}

}  // namespace

void ProcessSettings::SetExitCodes(const std::vector<int64_t>& codes) {
  exitcode_bits = 0;
  other_exitcodes.clear();
  for (int64_t code : codes) {
    if (code >= 0 && code < 64) {
      exitcode_bits |= uint64_t{1} << code;
    } else {
      other_exitcodes.push_back(code);
    }
  }
}

bool ProcessSettings::ExitExpected(int exitstatus) const {
  if (exitstatus >= 0 && exitstatus < 64) return ((exitcode_bits >> exitstatus) & 1U) != 0;
  return std::find(other_exitcodes.begin(), other_exitcodes.end(), exitstatus) !=
         other_exitcodes.end();
}

tl::expected<ProcessSettings, std::string> ResolveSettings(const plan::Process& p) {
  const std::string who = "process " + p.group + ":" + p.name + ": ";
  std::optional<AutoRestart> autorestart = ParseAutoRestart(p.autorestart);
  if (!autorestart) return tl::unexpected(who + "invalid autorestart '" + p.autorestart + "'");
  std::optional<int> stopsignal = ParseSignal(p.stopsignal);
  if (!stopsignal || *stopsignal == 0) {
    return tl::unexpected(who + "invalid stopsignal '" + p.stopsignal + "'");
  }
  if (p.startsecs < 0 || p.startretries < 0 || p.stopwaitsecs < 0) {
    return tl::unexpected(who + "startsecs, startretries and stopwaitsecs must be >= 0");
  }
  ProcessSettings s;
  s.priority = p.priority;
  s.autostart = p.autostart;
  s.autorestart = *autorestart;
  s.startsecs = p.startsecs;
  s.startretries = p.startretries;
  s.SetExitCodes(p.exitcodes);
  s.stopsignal = *stopsignal;
  s.stopwaitsecs = p.stopwaitsecs;
  s.stopasgroup = p.stopasgroup;
  s.killasgroup = p.killasgroup;
  return s;
}

}  // namespace svc::runtime::core
