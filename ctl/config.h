// The [supervisorctl] section of a supervisord.conf, read as supervisorctl's ClientOptions
// reads it (no includes; %(ENV_X)s everywhere, %(here)s in serverurl and history_file).
#pragma once

#include <optional>
#include <string>

#include <tl/expected.hpp>

namespace svc::ctl {

struct CtlConfig {
  std::optional<std::string> serverurl;  // unix:// paths made absolute
  std::optional<std::string> username;
  std::optional<std::string> password;
  std::optional<std::string> prompt;
  std::optional<std::string> history_file;  // made absolute
};

// The error is supervisorctl's usage message (`could not find config file x`, ...).
tl::expected<CtlConfig, std::string> ReadCtlConfig(const std::string& path);

// The first existing file of supervisorctl's search list (reference §1.1), or "".
std::string FindDefaultConfig(const std::string& argv0);

// os.path.abspath(os.path.expanduser(path)).
std::string NormalizePath(const std::string& path);

}  // namespace svc::ctl
