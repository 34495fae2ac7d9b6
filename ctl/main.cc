// svcctl: a supervisorctl-compatible client. `svcctl [options] [action [arguments]]` runs
// one action and exits with its status; without an action (or with -i) it opens the shell.
#include <cstdlib>
#include <string>

#include "ctl/controller.h"
#include "ctl/options.h"
#include "ctl/shell.h"

int main(int argc, char** argv) {
  svc::ctl::Options options;
  int early = svc::ctl::LoadOptions(argc, argv, options);
  if (early >= 0) return early;

  svc::ctl::Controller ctl(options);
  if (!options.args.empty()) {
    std::string line;
    for (const auto& word : options.args) line += (line.empty() ? "" : " ") + word;
    ctl.OneCmd(line);
    // supervisorctl ignores -i when an action is given (quirk 35); svcctl opens the shell
    // afterwards, as its help text promises.
    if (!options.interactive) return ctl.exit_status();
  }
  svc::ctl::RunShell(ctl);
  return 0;  // the shell always exits 0, as supervisorctl's does
}
