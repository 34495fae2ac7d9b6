// svc: the config compiler. `svc check`, `svc build`, `svc explain`, `svc echo-config`.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "compiler/cli.h"

int main(int argc, char** argv) {
  using svc::compiler::CliCommands;
  if (argc < 2) return svc::compiler::PrintUsage(true);
  std::string cmd = argv[1];
  if (cmd == "-h" || cmd == "--help" || cmd == "help") return svc::compiler::PrintUsage(false);
  if (cmd == "--version" || cmd == "version") {
    std::printf("svc 0.1.0 (supervisord 4.2.5 config dialect)\n");
    return 0;
  }
  std::vector<std::string> args(argv + 2, argv + argc);
  for (const auto& c : CliCommands()) {
    if (cmd == c.name) return c.run(args);
  }
  std::fprintf(stderr, "svc: unknown command '%s'\n", cmd.c_str());
  svc::compiler::PrintUsage(true);
  return 2;
}
