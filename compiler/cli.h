// svc's commands, one table row each (name, handler, usage, help); main.cc only dispatches.
#pragma once

#include <string>
#include <vector>

namespace svc::compiler {

struct CliCommand {
  const char* name;
  int (*run)(const std::vector<std::string>& args);
  const char* usage;
  const char* help;
};

const std::vector<CliCommand>& CliCommands();
int PrintUsage(bool to_stderr);
// Sample supervisord.conf generated from the option table (`svc echo-config`).
std::string EchoConfig();

}  // namespace svc::compiler
