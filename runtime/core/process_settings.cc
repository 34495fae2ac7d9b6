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

bool ProcessSettings::ExitExpected(int exitstatus) const {
  return std::find(exitcodes.begin(), exitcodes.end(), exitstatus) != exitcodes.end();
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
  s.exitcodes = p.exitcodes;
  s.stopsignal = *stopsignal;
  s.stopwaitsecs = p.stopwaitsecs;
  s.stopasgroup = p.stopasgroup;
  s.killasgroup = p.killasgroup;
  return s;
}

}  // namespace svc::runtime::core
