// help, quit/exit/EOF.
#include "ctl/commands.h"
#include "ctl/controller.h"

namespace svc::ctl {

bool CmdHelp(Controller& ctl, const std::string& arg) {
  if (arg.empty()) {
    std::vector<std::string> topics;
    for (const auto& c : Commands()) {
      if (c.listed) topics.emplace_back(c.name);
    }
    const std::string header = "default commands (type help <topic>):";
    ctl.Output("");
    ctl.Output(header);
    ctl.Output(std::string(header.size(), '='));
    for (const auto& line : Columnize(topics, 79)) ctl.Output(line);
    ctl.Output("");
    return false;
  }
  // `help EOF` has a text in supervisorctl that it never shows (quirk 38); svcctl shows it.
  const Command* command = FindCommand(arg);
  if (command == nullptr || command->help.empty()) {
    ctl.Output("*** No help on " + arg);
    return false;
  }
  PrintHelp(ctl, arg);
  return false;
}

bool CmdQuit(Controller& ctl, const std::string&) {
  ctl.Output("");
  return true;
}

}  // namespace svc::ctl
