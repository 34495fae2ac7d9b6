// svcctl's command line and [supervisorctl] settings, as supervisorctl's ClientOptions reads
// them: getopt-style flags (-c -h -? -i -s -u -p -r and their long forms), the default config
// search, and serverurl/username/password/prompt/history_file from the config file.
#pragma once

#include <string>
#include <vector>

#include "ctl/http_client.h"

namespace svc::ctl {

struct Options {
  std::string progname = "svcctl";
  std::string configfile;  // empty: none found
  ServerAddress server;
  std::string prompt = "supervisor";
  std::string history_file;  // empty: no history
  bool interactive = false;  // -i given
  std::vector<std::string> args;
};

// Fills `options` from argv and the config file. Returns -1 to go on, or the exit status
// after printing help (stdout, 0) or a usage error (stderr, 2).
int LoadOptions(int argc, char** argv, Options& options);

// supervisor.datatypes.url: a scheme plus a netloc or a path.
bool IsUrl(const std::string& value);

}  // namespace svc::ctl
