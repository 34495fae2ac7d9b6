// Sending signals to supervised processes and their groups, and signal names as Python's
// signal module spells them (the table itself lives in runtime/core/signals.h, shared).
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace svc::runtime::os {

// kill(2): a positive target is one pid, a negative one the process group -target (the
// stopasgroup / killasgroup form: the whole tree a program started, grandchildren included).
// The error is the errno (ESRCH, EPERM, EINVAL).
[[nodiscard]] tl::expected<void, int> Kill(pid_t target, int signo);

// Same, with a signal name ("TERM", "SIGKILL") or number ("9"); an unknown name is EINVAL.
[[nodiscard]] tl::expected<void, int> Kill(pid_t target, std::string_view signal);

// "SIGTERM" for 15; "signal <n>" for numbers Python has no name for.
std::string SignalName(int signo);

// A name with or without SIG, in any case, or a number Python's signal module knows.
std::optional<int> SignalNumber(std::string_view name_or_number);

}  // namespace svc::runtime::os
