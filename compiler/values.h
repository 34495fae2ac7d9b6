// Value types of supervisord options (supervisor/datatypes.py): each parser takes the
// expanded text and returns the typed value, or the reason it is not valid.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace svc::compiler {

template <typename T>
using Parsed = tl::expected<T, std::string>;

Parsed<bool> ParseBool(std::string_view v);
Parsed<int64_t> ParseInt(std::string_view v);         // Python int(): sign, '_' separators
Parsed<int64_t> ParseByteSize(std::string_view v);    // 10, 10KB, 5mb, 1GB
Parsed<int64_t> ParseOctal(std::string_view v);       // int(v, 8): 022, 0o22, 777
Parsed<std::string> ParseSignal(std::string_view v);  // canonical name without SIG
Parsed<std::vector<int64_t>> ParseExitCodes(std::string_view v);
Parsed<std::string> ParseAutoRestart(std::string_view v);  // "true" | "false" | "unexpected"
Parsed<std::string> ParseLogLevel(std::string_view v);
struct InetAddress {
  std::string host;  // "" = every interface
  int64_t port = 0;
};
Parsed<InetAddress> ParseInetAddress(std::string_view v);

// environment=: supervisord's shlex-based KEY=VAL list. `dropped` receives words that
// supervisord silently ignores (`A=a b` keeps only `a`).
struct KeyValues {
  std::map<std::string, std::string> values;
  std::vector<std::string> order;
  std::vector<std::string> dropped;
};
Parsed<KeyValues> ParseKeyValues(std::string_view v);

// POSIX shlex.split, as supervisord splits `command=`.
Parsed<std::vector<std::string>> ShlexSplit(std::string_view v);

std::vector<std::string> SplitCommaList(std::string_view v);  // list_of_strings
// Valid process/group name: no space, ':' or '/'. Returns the offending character.
std::optional<char> BadNameChar(std::string_view name);

// os.path.expanduser for "~" and "~user".
std::string ExpandUser(std::string_view path);
// Signal names as Python's signal module knows them on Linux (canonical, without SIG).
const std::vector<std::string>& SignalNames();

}  // namespace svc::compiler
