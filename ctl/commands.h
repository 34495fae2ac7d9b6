// The command table of svcctl: one row per supervisorctl action, with its handler, its help
// text (exactly as `help <action>` prints it) and what tab completion offers after it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace svc::ctl {

class Controller;

enum class Completion { kNone, kActions, kGroups, kProcesses };

// A handler returns true when the shell should end (quit, exit, EOF).
using Handler = bool (*)(Controller& ctl, const std::string& arg);

struct Command {
  std::string_view name;
  Handler run;
  std::string_view help;  // empty: no help topic
  Completion completion;
  bool listed;  // shown by `help` (supervisorctl lists its plugin's actions)
};

const std::vector<Command>& Commands();
const Command* FindCommand(std::string_view name);
void PrintHelp(Controller& ctl, std::string_view name);  // help_<name>

// Handlers, one file per family.
bool CmdStatus(Controller& ctl, const std::string& arg);  // cmd_status.cc
bool CmdPid(Controller& ctl, const std::string& arg);
bool CmdStart(Controller& ctl, const std::string& arg);  // cmd_process.cc
bool CmdStop(Controller& ctl, const std::string& arg);
bool CmdRestart(Controller& ctl, const std::string& arg);
bool CmdSignal(Controller& ctl, const std::string& arg);
bool CmdClear(Controller& ctl, const std::string& arg);
bool CmdTail(Controller& ctl, const std::string& arg);  // cmd_log.cc
bool CmdMaintail(Controller& ctl, const std::string& arg);
bool CmdFg(Controller& ctl, const std::string& arg);     // cmd_fg.cc
bool CmdAvail(Controller& ctl, const std::string& arg);  // cmd_config.cc
bool CmdReread(Controller& ctl, const std::string& arg);
bool CmdAdd(Controller& ctl, const std::string& arg);
bool CmdRemove(Controller& ctl, const std::string& arg);
bool CmdUpdate(Controller& ctl, const std::string& arg);
bool CmdShutdown(Controller& ctl, const std::string& arg);  // cmd_server.cc
bool CmdReload(Controller& ctl, const std::string& arg);
bool CmdVersion(Controller& ctl, const std::string& arg);
bool CmdOpen(Controller& ctl, const std::string& arg);
bool CmdHelp(Controller& ctl, const std::string& arg);  // cmd_help.cc
bool CmdQuit(Controller& ctl, const std::string& arg);

}  // namespace svc::ctl
