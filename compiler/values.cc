#include "compiler/values.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>

#include "compiler/config_reader.h"

namespace svc::compiler {
namespace {

std::string Lower(std::string_view v) {
  std::string s(v);
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Quoted(std::string_view v) { return "'" + std::string(v) + "'"; }

// Python int(text, base) for ASCII digits: surrounding white space, a sign, a base prefix
// matching `base`, and single '_' between digits.
std::optional<int64_t> PyInt(std::string_view text, int base) {
  std::string_view s = StripPy(text);
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (base == 8 && s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) {
    s.remove_prefix(2);
    if (!s.empty() && s[0] == '_') s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  uint64_t value = 0;
  bool prev_digit = false;
  for (char c : s) {
    if (c == '_') {
      if (!prev_digit) return std::nullopt;
      prev_digit = false;
      continue;
    }
    int d = (c >= '0' && c <= '9') ? c - '0' : 99;
    if (d >= base) return std::nullopt;
    if (value > (static_cast<uint64_t>(INT64_MAX) - static_cast<uint64_t>(d)) /
                    static_cast<uint64_t>(base)) {
      return std::nullopt;
    }
    value = value * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
    prev_digit = true;
  }
  if (!prev_digit) return std::nullopt;
  return neg ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
}

struct SignalRow {
  const char* name;
  int number;
};
// Python's signal module on Linux (names without SIG); aliases map to the canonical name.
constexpr SignalRow kSignals[] = {
    {"HUP", 1},   {"INT", 2},     {"QUIT", 3},   {"ILL", 4},     {"TRAP", 5},  {"ABRT", 6},
    {"BUS", 7},   {"FPE", 8},     {"KILL", 9},   {"USR1", 10},   {"SEGV", 11}, {"USR2", 12},
    {"PIPE", 13}, {"ALRM", 14},   {"TERM", 15},  {"STKFLT", 16}, {"CHLD", 17}, {"CONT", 18},
    {"STOP", 19}, {"TSTP", 20},   {"TTIN", 21},  {"TTOU", 22},   {"URG", 23},  {"XCPU", 24},
    {"XFSZ", 25}, {"VTALRM", 26}, {"PROF", 27},  {"WINCH", 28},  {"IO", 29},   {"PWR", 30},
    {"SYS", 31},  {"RTMIN", 34},  {"RTMAX", 64}, {"IOT", 6},     {"CLD", 17},  {"POLL", 29}};
constexpr int kCanonicalSignals = 33;

std::string SignalName(int number) {
  for (int i = 0; i < kCanonicalSignals; ++i) {
    if (kSignals[i].number == number) return kSignals[i].name;
  }
  return "";
}

}  // namespace

Parsed<bool> ParseBool(std::string_view v) {
  std::string s = Lower(v);
  if (s == "yes" || s == "true" || s == "on" || s == "1") return true;
  if (s == "no" || s == "false" || s == "off" || s == "0") return false;
  return tl::unexpected("not a valid boolean value: " + Quoted(v));
}

Parsed<int64_t> ParseInt(std::string_view v) {
  if (auto n = PyInt(v, 10)) return *n;
  return tl::unexpected("invalid literal for int() with base 10: " + Quoted(v));
}

Parsed<int64_t> ParseByteSize(std::string_view v) {
  std::string s = Lower(v);
  int64_t mult = 1;
  std::string_view digits = s;
  if (s.size() >= 2) {
    std::string_view suffix = std::string_view(s).substr(s.size() - 2);
    if (suffix == "kb") mult = 1024;
    if (suffix == "mb") mult = 1024 * 1024;
    if (suffix == "gb") mult = 1024LL * 1024 * 1024;
    if (mult != 1) digits = std::string_view(s).substr(0, s.size() - 2);
  }
  auto n = PyInt(digits, 10);
  if (!n || (mult > 1 && (*n > INT64_MAX / mult || *n < INT64_MIN / mult))) {
    return tl::unexpected("invalid literal for int() with base 10: " + Quoted(digits));
  }
  return *n * mult;
}

Parsed<int64_t> ParseOctal(std::string_view v) {
  if (auto n = PyInt(v, 8)) return *n;
  return tl::unexpected(std::string(v) + " can not be converted to an octal type");
}

Parsed<std::string> ParseSignal(std::string_view v) {
  if (auto n = PyInt(v, 10)) {
    std::string name = SignalName(static_cast<int>(*n));
    if (*n < 1 || *n > 64 || name.empty()) {
      return tl::unexpected("value " + Quoted(v) + " is not a valid signal number");
    }
    return name;
  }
  std::string name = Lower(StripPy(v));
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (name.rfind("SIG", 0) == 0) name = name.substr(3);
  for (const SignalRow& row : kSignals) {
    if (name == row.name) return SignalName(row.number);
  }
  return tl::unexpected("value " + Quoted(v) + " is not a valid signal name");
}

Parsed<std::vector<int64_t>> ParseExitCodes(std::string_view v) {
  std::vector<int64_t> codes;
  if (v.empty()) return codes;
  size_t start = 0;
  while (true) {
    size_t comma = v.find(',', start);
    auto n = PyInt(v.substr(start, comma == std::string_view::npos ? v.npos : comma - start), 10);
    if (!n || *n < 0 || *n > 255) {
      return tl::unexpected("not a valid list of exit codes: " + Quoted(v));
    }
    codes.push_back(*n);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return codes;
}

Parsed<std::string> ParseAutoRestart(std::string_view v) {
  std::string s = Lower(v);
  if (s == "unexpected") return s;
  if (auto b = ParseBool(s)) return std::string(*b ? "true" : "false");
  return tl::unexpected("invalid 'autorestart' value " + Quoted(s));
}

Parsed<std::string> ParseLogLevel(std::string_view v) {
  std::string s = Lower(v);
  for (const char* level : {"critical", "error", "warn", "info", "debug", "trace", "blather"}) {
    if (s == level) return s;
  }
  return tl::unexpected("bad logging level name " + Quoted(v));
}

Parsed<InetAddress> ParseInetAddress(std::string_view v) {
  InetAddress a;
  std::string_view port = v;
  size_t colon = v.rfind(':');
  if (colon != std::string_view::npos) {
    a.host = Lower(v.substr(0, colon));
    port = v.substr(colon + 1);
    if (port.empty()) return tl::unexpected(std::string("no port number specified in ''"));
  }
  auto n = PyInt(port, 10);
  // Without a host every failure gets one text, trailing space included (datatypes.py).
  if (colon == std::string_view::npos && (!n || *n > 65535 || *n < 1)) {
    return tl::unexpected("not a valid port number: " + Quoted(v) + " ");
  }
  if (!n) return tl::unexpected("invalid literal for int() with base 10: " + Quoted(port));
  if (*n > 65535) return tl::unexpected(std::to_string(*n) + " is above upper bound (65535)");
  if (*n < 1) return tl::unexpected(std::to_string(*n) + " is below lower bound (1)");
  if (a.host == "*") a.host.clear();
  a.port = *n;
  return a;
}

std::vector<std::string> SplitCommaList(std::string_view v) {
  std::vector<std::string> out;
  if (v.empty()) return out;
  size_t start = 0;
  while (true) {
    size_t comma = v.find(',', start);
    out.emplace_back(StripPy(v.substr(start, comma == v.npos ? v.npos : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::optional<char> BadNameChar(std::string_view name) {
  for (char c : {' ', ':', '/'}) {
    if (name.find(c) != std::string_view::npos) return c;
  }
  return std::nullopt;
}

std::string ExpandUser(std::string_view path) {
  if (path.empty() || path[0] != '~') return std::string(path);
  size_t slash = path.find('/');
  std::string_view user = path.substr(1, slash == path.npos ? path.npos : slash - 1);
  std::string rest(slash == path.npos ? "" : path.substr(slash));
  // The reentrant lookups: processes may be built on two threads (groups.cc).
  passwd entry{};
  char buf[4096];
  if (user.empty()) {
    const char* home = std::getenv("HOME");
    if (home) {
      std::string h = home;
      while (h.size() > 1 && h.back() == '/') h.pop_back();
      return (h == "/" && !rest.empty() ? "" : h) + rest;
    }
    passwd* pw = nullptr;
    getpwuid_r(getuid(), &entry, buf, sizeof buf, &pw);
    return pw ? std::string(pw->pw_dir) + rest : std::string(path);
  }
  passwd* pw = nullptr;
  getpwnam_r(std::string(user).c_str(), &entry, buf, sizeof buf, &pw);
  return pw ? std::string(pw->pw_dir) + rest : std::string(path);
}

const std::vector<std::string>& SignalNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (int i = 0; i < kCanonicalSignals; ++i) v.emplace_back(kSignals[i].name);
    return v;
  }();
  return names;
}

}  // namespace svc::compiler
