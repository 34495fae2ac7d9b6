// The command table. Help texts are supervisorctl 4.2.5's help_* outputs, byte for byte.
#include "ctl/commands.h"

#include <algorithm>

#include "ctl/controller.h"

namespace svc::ctl {

const std::vector<Command>& Commands() {
  using C = Completion;
  static const std::vector<Command> kCommands = {
      {"EOF", CmdQuit, "To quit, type ^D or use the quit command", C::kNone, false},
      {"add", CmdAdd, "add <name> [...]\tActivates any updates in config for process/group",
       C::kGroups, true},
      {"avail", CmdAvail, "avail\t\t\tDisplay all configured processes", C::kNone, true},
      {"clear", CmdClear,
       "clear <name>\t\tClear a process' log files.\n"
       "clear <name> <name>\tClear multiple process' log files\n"
       "clear all\t\tClear all process' log files",
       C::kProcesses, true},
      {"exit", CmdQuit, "exit\tExit the supervisor shell.", C::kNone, true},
      {"fg", CmdFg, "fg <process>\tConnect to a process in foreground mode\n\t\tCtrl-C to exit",
       C::kProcesses, true},
      {"help", CmdHelp,
       "help\t\tPrint a list of available actions\nhelp <action>\tPrint help for <action>",
       C::kActions, false},
      {"maintail", CmdMaintail,
       "maintail -f \tContinuous tail of supervisor main log file (Ctrl-C to exit)\n"
       "maintail -100\tlast 100 *bytes* of supervisord main log file\n"
       "maintail\tlast 1600 *bytes* of supervisor main log file\n",
       C::kNone, true},
      {"open", CmdOpen,
       "open <url>\tConnect to a remote supervisord process.\n"
       "\t\t(for UNIX domain socket, use unix:///socket/path)",
       C::kNone, true},
      {"pid", CmdPid,
       "pid\t\t\tGet the PID of supervisord.\n"
       "pid <name>\t\tGet the PID of a single child process by name.\n"
       "pid all\t\t\tGet the PID of every child process, one per line.",
       C::kProcesses, true},
      {"quit", CmdQuit, "quit\tExit the supervisor shell.", C::kNone, true},
      {"reload", CmdReload, "reload \t\tRestart the remote supervisord.", C::kNone, true},
      {"remove", CmdRemove, "remove <name> [...]\tRemoves process/group from active config",
       C::kGroups, true},
      {"reread", CmdReread,
       "reread \t\t\tReload the daemon's configuration files without add/remove", C::kNone, true},
      {"restart", CmdRestart,
       "restart <name>\t\tRestart a process\n"
       "restart <gname>:*\tRestart all processes in a group\n"
       "restart <name> <name>\tRestart multiple processes or groups\n"
       "restart all\t\tRestart all processes\n"
       "Note: restart does not reread config files. For that, see reread and update.",
       C::kProcesses, true},
      {"shutdown", CmdShutdown, "shutdown \tShut the remote supervisord down.", C::kNone, true},
      {"signal", CmdSignal,
       "signal <signal name> <name>\t\tSignal a process\n"
       "signal <signal name> <gname>:*\t\tSignal all processes in a group\n"
       "signal <signal name> <name> <name>\tSignal multiple processes or groups\n"
       "signal <signal name> all\t\tSignal all processes",
       C::kProcesses, true},
      {"start", CmdStart,
       "start <name>\t\tStart a process\n"
       "start <gname>:*\t\tStart all processes in a group\n"
       "start <name> <name>\tStart multiple processes or groups\n"
       "start all\t\tStart all processes",
       C::kProcesses, true},
      {"status", CmdStatus,
       "status <name>\t\tGet status for a single process\n"
       "status <gname>:*\tGet status for all processes in a group\n"
       "status <name> <name>\tGet status for multiple named processes\n"
       "status\t\t\tGet all process status info",
       C::kProcesses, true},
      {"stop", CmdStop,
       "stop <name>\t\tStop a process\n"
       "stop <gname>:*\t\tStop all processes in a group\n"
       "stop <name> <name>\tStop multiple processes or groups\n"
       "stop all\t\tStop all processes",
       C::kProcesses, true},
      {"tail", CmdTail,
       "tail [-f] <name> [stdout|stderr] (default stdout)\n"
       "Ex:\n"
       "tail -f <name>\t\tContinuous tail of named process stdout\n"
       "\t\t\tCtrl-C to exit.\n"
       "tail -100 <name>\tlast 100 *bytes* of process stdout\n"
       "tail <name> stderr\tlast 1600 *bytes* of process stderr",
       C::kProcesses, true},
      {"update", CmdUpdate,
       "update\t\t\tReload config and add/remove as necessary, and will restart affected "
       "programs\n"
       "update all\t\tReload config and add/remove as necessary, and will restart affected "
       "programs\n"
       "update <gname> [...]\tUpdate specific groups",
       C::kGroups, true},
      {"version", CmdVersion, "version\t\t\tShow the version of the remote supervisord process",
       C::kNone, true},
  };
  return kCommands;
}

const Command* FindCommand(std::string_view name) {
  const auto& commands = Commands();
  auto it = std::find_if(commands.begin(), commands.end(),
                         [&](const Command& c) { return c.name == name; });
  return it == commands.end() ? nullptr : &*it;
}

void PrintHelp(Controller& ctl, std::string_view name) {
  const Command* command = FindCommand(name);
  if (command != nullptr && !command->help.empty()) ctl.Output(command->help);
}

}  // namespace svc::ctl
