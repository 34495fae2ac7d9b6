#include "runtime/os/signals.h"

#include <signal.h>

#include <cerrno>

#include "runtime/core/signals.h"

namespace svc::runtime::os {

tl::expected<void, int> Kill(pid_t target, int signo) {
  // kill(0, …) and kill(-1, …) would hit svcd's own group or every process it may signal.
  if (target == 0 || target == -1) return tl::unexpected(EINVAL);
  if (kill(target, signo) != 0) return tl::unexpected(errno);
  return {};
}

tl::expected<void, int> Kill(pid_t target, std::string_view signal) {
  const std::optional<int> signo = SignalNumber(signal);
  if (!signo) return tl::unexpected(EINVAL);
  return Kill(target, *signo);
}

std::string SignalName(int signo) { return core::SignalName(signo); }

std::optional<int> SignalNumber(std::string_view name_or_number) {
  return core::ParseSignal(name_or_number);
}

}  // namespace svc::runtime::os
