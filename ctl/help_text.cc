// The usage text, as supervisorctl prints it for -h (its `%s` replaced by argv[0]).
#include "ctl/help_text.h"

namespace svc::ctl {

std::string UsageText(const std::string& progname) {
  return "supervisorctl -- control applications run by supervisord from the cmd line.\n"
         "\n"
         "Usage: " +
         progname +
         " [options] [action [arguments]]\n"
         "\n"
         "Options:\n"
         "-c/--configuration FILENAME -- configuration file path (searches if not given)\n"
         "-h/--help -- print usage message and exit\n"
         "-i/--interactive -- start an interactive shell after executing commands\n"
         "-s/--serverurl URL -- URL on which supervisord server is listening\n"
         "     (default \"http://localhost:9001\").\n"
         "-u/--username USERNAME -- username to use for authentication with server\n"
         "-p/--password PASSWORD -- password to use for authentication with server\n"
         "-r/--history-file -- keep a readline history (if readline is available)\n"
         "\n"
         "action [arguments] -- see below\n"
         "\n"
         "Actions are commands like \"tail\" or \"stop\".  If -i is specified or no action is\n"
         "specified on the command line, a \"shell\" interpreting actions typed\n"
         "interactively is started.  Use the action \"help\" to find out about available\n"
         "actions.\n"
         "\n";
}

}  // namespace svc::ctl
