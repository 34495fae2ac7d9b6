// svcd's command line: supervisord's flags (-c -n -s -u -m -d -l -y -z -e -j -i -q -k -a -t
// --minprocs), plus --plan. Values given here beat the config's, as in supervisord.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "schema/plan.h"

namespace svc::runtime {

struct Options {
  std::optional<std::string> config;  // -c: a supervisord.conf compiled in-process
  std::optional<std::string> plan;    // --plan: a plan built by `svc build`
  bool help = false;
  bool version = false;
  // Overrides of [supervisord], applied to every plan loaded (also after SIGHUP).
  struct Override {
    std::string option;  // [supervisord] option
    std::string value;   // raw value
    std::string flag;    // as typed: "-e" or "--loglevel", for error messages
  };
  std::vector<Override> overrides;
};

// A usage error is returned as its message (printed as "Error: <msg>" and exit 2).
[[nodiscard]] tl::expected<Options, std::string> ParseOptions(const std::vector<std::string>& argv);
// Applies the command-line overrides to a loaded plan.
[[nodiscard]] tl::expected<void, std::string> ApplyOverrides(const Options& options,
                                                             plan::Plan& plan);
// supervisord's default config search (reference 1.1); nullopt when nothing exists.
std::optional<std::string> FindDefaultConfig(const std::string& argv0);
extern const char kUsage[];

}  // namespace svc::runtime
