// What tab completion offers in svcctl's shell (supervisorctl's Controller.complete): actions
// at the start of a line and after `help`, group names after add/remove/update, process names
// (and `group:*`) after the process commands. Pure, so it is unit tested.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace svc::ctl {

struct ProcessName {
  std::string group;
  std::string name;
};

// Candidates for `text`, the word being completed, given the whole `line` so far.
// `processes` is only consulted when names are needed (the caller fetches it lazily).
std::vector<std::string> CompletionCandidates(std::string_view line, std::string_view text,
                                              const std::vector<ProcessName>& processes);

// Whether completing in `line` needs the process list.
bool CompletionNeedsProcesses(std::string_view line);

}  // namespace svc::ctl
