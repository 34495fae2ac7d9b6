// svcd: the runtime daemon. Accepts supervisord's command line, plus --plan plan.json.
#include <malloc.h>

#include <cstdio>
#include <string>
#include <vector>

#include "runtime/daemon.h"
#include "runtime/options.h"
#include "runtime/plan_source.h"

int main(int argc, char** argv) {
  using namespace svc::runtime;
  // XML-RPC answers for many processes are hundreds of KiB, built and freed per call: keep such
  // blocks in the heap instead of a fresh mmap each time (whose pages fault in at ~70 us apiece
  // in a VM). Up to 8 MiB of freed heap stays mapped, so RSS under steady RPC load is flat.
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  mallopt(M_TRIM_THRESHOLD, 8 << 20);
  std::vector<std::string> args(argv, argv + argc);
  auto options = ParseOptions(args);
  if (!options) {
    std::fprintf(stderr, "Error: %s\nFor help, use %s -h\n", options.error().c_str(), argv[0]);
    return 2;
  }
  if (options->help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (options->version) {
    std::puts("4.2.5");
    return 0;
  }
  auto load = LoadPlan(*options, args[0]);
  if (load) {
    if (auto applied = ApplyOverrides(*options, load->plan); !applied) {
      load = tl::unexpected(applied.error());
    }
  }
  if (!load) {
    std::fprintf(stderr, "Error: %s\nFor help, use %s -h\n", load.error().c_str(), argv[0]);
    return 2;
  }
  Daemon daemon(std::move(*options), args[0]);
  return daemon.Run(std::move(*load));
}
