// svc: the config compiler. `svc check`, `svc build`, `svc explain`, `svc echo-config`.
#include <malloc.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "compiler/cli.h"

// A compile of a large config makes many small allocations. Reserve the heap up front and ask
// for transparent huge pages on it, so a 10,000-program config costs a few dozen page faults
// instead of tens of thousands (each one is slow on a virtual machine).
static void PrepareHeap() {
  constexpr size_t kReserve = 256u << 20;
  mallopt(M_MMAP_THRESHOLD, 512 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_ARENA_MAX, 1);
  void* block = malloc(kReserve);
  if (!block) return;
  auto begin = (reinterpret_cast<uintptr_t>(block) + (2u << 20) - 1) & ~uintptr_t{(2u << 20) - 1};
  madvise(reinterpret_cast<void*>(begin), kReserve - (2u << 20), MADV_HUGEPAGE);
  free(block);
}

int main(int argc, char** argv) {
  PrepareHeap();
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
