#include "runtime/core/signals.h"

#include <csignal>
#include <cstdint>
#include <vector>

namespace svc::runtime::core {
namespace {

struct SignalRow {
  std::string_view name;  // as an attribute of Python's signal module
  int number;
  bool canonical;  // the name options.signame prints for the number
};

// Every SIG* attribute of Python 3's signal module on Linux. Where two names share a number,
// the canonical one is the name signame() prints (dict order made the later one win).
const std::vector<SignalRow>& Table() {
  static const std::vector<SignalRow> table = {
      {"SIGHUP", SIGHUP, true},
      {"SIGINT", SIGINT, true},
      {"SIGQUIT", SIGQUIT, true},
      {"SIGILL", SIGILL, true},
      {"SIGTRAP", SIGTRAP, true},
      {"SIGABRT", SIGABRT, true},
      {"SIGIOT", SIGIOT, false},
      {"SIGBUS", SIGBUS, true},
      {"SIGFPE", SIGFPE, true},
      {"SIGKILL", SIGKILL, true},
      {"SIGUSR1", SIGUSR1, true},
      {"SIGSEGV", SIGSEGV, true},
      {"SIGUSR2", SIGUSR2, true},
      {"SIGPIPE", SIGPIPE, true},
      {"SIGALRM", SIGALRM, true},
      {"SIGTERM", SIGTERM, true},
      {"SIGSTKFLT", SIGSTKFLT, true},
      {"SIGCHLD", SIGCHLD, true},
      {"SIGCLD", SIGCHLD, false},
      {"SIGCONT", SIGCONT, true},
      {"SIGSTOP", SIGSTOP, true},
      {"SIGTSTP", SIGTSTP, true},
      {"SIGTTIN", SIGTTIN, true},
      {"SIGTTOU", SIGTTOU, true},
      {"SIGURG", SIGURG, true},
      {"SIGXCPU", SIGXCPU, true},
      {"SIGXFSZ", SIGXFSZ, true},
      {"SIGVTALRM", SIGVTALRM, true},
      {"SIGPROF", SIGPROF, true},
      {"SIGWINCH", SIGWINCH, true},
      {"SIGPOLL", SIGPOLL, true},
      {"SIGIO", SIGIO, false},
      {"SIGPWR", SIGPWR, true},
      {"SIGSYS", SIGSYS, true},
      {"SIGRTMIN", SIGRTMIN, true},
      {"SIGRTMAX", SIGRTMAX, true},
      // Handler and sigmask constants also start with "SIG"; signal_number accepts them.
      {"SIG_DFL", 0, false},
      {"SIG_IGN", 1, false},
      {"SIG_BLOCK", 0, false},
      {"SIG_UNBLOCK", 1, false},
      {"SIG_SETMASK", 2, false},
  };
  return table;
}

// Python's SIGNUMS: the values of all those attributes.
bool IsPythonSignum(int number) {
  for (const SignalRow& row : Table()) {
    if (row.number == number) return true;
  }
  return false;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view Strip(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

// Python int(): optional sign, then digits with single underscores between them.
std::optional<int64_t> ParsePythonInt(std::string_view text) {
  text = Strip(text);
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || text.front() == '_' || text.back() == '_') return std::nullopt;
  int64_t value = 0;
  char previous = '\0';
  for (char c : text) {
    if (c == '_') {
      if (previous == '_') return std::nullopt;
    } else if (c >= '0' && c <= '9') {
      if (value > 1'000'000) return 1'000'001;  // far outside SIGNUMS either way
      value = value * 10 + (c - '0');
    } else {
      return std::nullopt;
    }
    previous = c;
  }
  return negative ? -value : value;
}

}  // namespace

std::string SignalName(int signo) {
  for (const SignalRow& row : Table()) {
    if (row.canonical && row.number == signo) return std::string(row.name);
  }
  return "signal " + std::to_string(signo);
}

std::optional<int> ParseSignal(std::string_view text) {
  std::optional<int64_t> number = ParsePythonInt(text);
  if (!number) {
    std::string name;
    for (char c : Strip(text)) name += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    if (name.rfind("SIG", 0) != 0) name = "SIG" + name;
    for (const SignalRow& row : Table()) {
      if (row.name == name) number = row.number;
    }
    if (!number) return std::nullopt;
  }
  if (*number < 0 || *number > 1024 || !IsPythonSignum(static_cast<int>(*number))) {
    return std::nullopt;
  }
  return static_cast<int>(*number);
}

}  // namespace svc::runtime::core
