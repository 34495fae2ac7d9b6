// Turning argv[0] into the file to exec, with supervisord's PATH rules and pre-exec checks
// (Subprocess.get_execv_args, ServerOptions.check_execv_args), done in the parent before fork.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "runtime/core/spawn_errors.h"

namespace svc::runtime::os {

// ProcessConfig.get_path: the program environment's PATH if it has one (split on ':', even
// when empty), else the inherited PATH when non-empty, else /bin:/usr/bin:/usr/local/bin.
std::vector<std::string> SearchPath(const std::map<std::string, std::string>& environment,
                                    std::optional<std::string_view> inherited_path);

struct CommandError {
  core::SpawnFailure failure = core::SpawnFailure::kNotFound;
  std::string message;  // the spawnerr text, e.g. "can't find command 'foo'"
};

// A program containing '/' is used as is (relative to svcd's cwd, as in supervisord). Otherwise
// each PATH entry is tried in order. Unlike 4.2.5 (quirk 19), an entry that exists but is not
// an executable file is skipped when a later entry is executable; when none is, the first
// existing entry is reported, so the error texts stay supervisord's: "command is empty",
// "can't find command 'x'", "command at '/d/x' is a directory", "... is not executable",
// "no permission to run command '/d/x'".
[[nodiscard]] tl::expected<std::string, CommandError> ResolveCommand(
    const std::vector<std::string>& argv, const std::vector<std::string>& search_path);

}  // namespace svc::runtime::os
