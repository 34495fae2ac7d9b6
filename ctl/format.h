// Pure text helpers of svcctl, each reproducing a piece of supervisorctl (or of the Python it
// relies on): namespecs, the status and avail layouts, result lines, exit-code mapping, Python's
// str.split(), cmd.parseline() and cmd.columnize(). No I/O here, so all of it is unit tested.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace svc::ctl {

// LSB exit statuses used by supervisorctl.
namespace exits {
inline constexpr int kSuccess = 0;
inline constexpr int kGeneric = 1;
inline constexpr int kInvalidArgs = 2;
inline constexpr int kUnimplementedFeature = 3;
inline constexpr int kInsufficientPrivileges = 4;
inline constexpr int kNotInstalled = 5;
inline constexpr int kNotRunning = 7;
inline constexpr int kStatusNotRunning = 3;
inline constexpr int kStatusUnknown = 4;
}  // namespace exits

// supervisor.options.split_namespec: `g:` and `g:*` name the group (process empty);
// a bare `name` is group `name`, process `name`.
struct NameSpec {
  std::string group;
  std::optional<std::string> process;  // nullopt = the whole group
};
NameSpec SplitNamespec(std::string_view spec);
std::string MakeNamespec(std::string_view group, std::string_view process);

struct StatusRow {
  std::string group;
  std::string name;
  std::string statename;
  std::string description;
};
// '%-Ws%-10s%s' with W = max(30, longest namespec) + 3.
std::vector<std::string> FormatStatusLines(const std::vector<StatusRow>& rows);

struct AvailRow {
  std::string group;
  std::string name;
  bool inuse = false;
  bool autostart = false;
  long long group_prio = 0;
  long long process_prio = 0;
};
// '%-32s %-9s %-9s %s'.
std::string FormatAvailLine(const AvailRow& row);

// Result-line texts of start, stop/signal and clear for one result struct. nullopt for a
// code supervisorctl does not expect (it raises ValueError there).
std::optional<std::string> StartResultText(const std::string& ns, int code);
std::optional<std::string> SignalResultText(const std::string& ns, int code,
                                            const std::string& description,
                                            const std::string& success_word);
std::optional<std::string> ClearResultText(const std::string& ns, int code);

// Controller.set_exitstatus_from_xmlrpc_fault; `ignored` < 0 means none.
int ExitAfterFault(int current, int fault_code, int ignored);

// Python's str.split() with no separator (runs of white space, ends trimmed).
std::vector<std::string> PySplit(std::string_view s);
std::string_view PyStrip(std::string_view s);
// Python's repr() of a str (quotes chosen as Python does, non-printables escaped).
std::string PyRepr(std::string_view s);
// The decimal text of a Python int() of `s`, or nullopt (white space and sign allowed).
std::optional<long long> PyInt(std::string_view s);

// cmd.Cmd.parseline: `cmd` is the leading run of [A-Za-z0-9_]; a leading '?' means help.
struct ParsedLine {
  bool empty = true;     // nothing but white space
  bool has_cmd = false;  // false: `line` is unknown syntax (a '!' line)
  std::string cmd;
  std::string arg;
  std::string line;  // stripped
};
ParsedLine ParseLine(std::string_view line);

// cmd.Cmd.columnize(list, displaywidth): the rows it prints, each without its '\n'.
std::vector<std::string> Columnize(const std::vector<std::string>& items, size_t width);

}  // namespace svc::ctl
