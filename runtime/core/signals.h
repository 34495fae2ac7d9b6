// Signal names and numbers as supervisord 4.2.5 spells them (Python's signal module on Linux):
// "SIGTERM" in log lines, and the name-or-number parsing of datatypes.signal_number.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace svc::runtime::core {

// options.signame: "SIGTERM", "SIGABRT" for 6, "SIGPOLL" for 29, else "signal <n>".
std::string SignalName(int signo);

// datatypes.signal_number: a number ("15"), or a name with or without SIG in any case
// ("term", "SIGkill", " hup "). Python's SIG_DFL/SIG_IGN/… constants are names too, as in 4.2.5.
// Only Python's SIGNUMS are accepted: 0-31, SIGRTMIN and SIGRTMAX.
std::optional<int> ParseSignal(std::string_view text);

}  // namespace svc::runtime::core
