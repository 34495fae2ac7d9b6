// RaiseRlimits of daemon_os.h: supervisord's minfds / minprocs check.
#include <sys/resource.h>

#include <array>

#include "runtime/os/daemon_os.h"

namespace svc::runtime::os {
namespace {

struct LimitRow {
  int resource;
  const char* name;
  const char* before_min;   // text before the minimum
  const char* before_hard;  // between the minimum and the hard limit
  const char* after_hard;
};

// options.set_rlimits_or_exit, one row per limit, its usage text split around the numbers.
constexpr std::array<LimitRow, 2> kLimits = {{
    {RLIMIT_NOFILE, "RLIMIT_NOFILE",
     "The minimum number of file descriptors required to run this process is ",
     " as per the \"minfds\" command-line argument or config file setting. The current "
     "environment will only allow you to open ",
     " file descriptors.  Either raise the number of usable file descriptors in your "
     "environment (see README.rst) or lower the minfds setting in the config file to allow "
     "the process to start."},
    {RLIMIT_NPROC, "RLIMIT_NPROC",
     "The minimum number of available processes required to run this program is ",
     " as per the \"minprocs\" command-line argument or config file setting. The current "
     "environment will only allow you to open ",
     " processes.  Either raise the number of usable processes in your environment (see "
     "README.rst) or lower the minprocs setting in the config file to allow the program to "
     "start."},
}};

std::string LimitText(rlim_t value) {
  return value == RLIM_INFINITY ? "unlimited" : std::to_string(value);
}

}  // namespace

tl::expected<std::vector<std::string>, std::string> RaiseRlimits(int64_t minfds, int64_t minprocs) {
  std::vector<std::string> infos;
  for (const LimitRow& row : kLimits) {
    const int64_t wanted = row.resource == RLIMIT_NOFILE ? minfds : minprocs;
    if (wanted <= 0) continue;
    const auto minimum = static_cast<rlim_t>(wanted);
    rlimit current{};
    if (getrlimit(row.resource, &current) != 0) continue;
    if (current.rlim_cur == RLIM_INFINITY || current.rlim_cur >= minimum) continue;
    rlimit raised = current;
    raised.rlim_cur = minimum;
    if (raised.rlim_max != RLIM_INFINITY && raised.rlim_max < minimum) raised.rlim_max = minimum;
    if (setrlimit(row.resource, &raised) != 0) {
      // Quirk 22 fixed: 4.2.5 prints the hard limit it tried to set, i.e. the minimum again.
      return tl::unexpected(std::string(row.before_min) + std::to_string(wanted) + row.before_hard +
                            LimitText(current.rlim_max) + row.after_hard);
    }
    infos.push_back(std::string("Increased ") + row.name + " limit to " + std::to_string(wanted));
  }
  return infos;
}

}  // namespace svc::runtime::os
