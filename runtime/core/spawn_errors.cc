#include "runtime/core/spawn_errors.h"

#include <array>
#include <cstdio>

namespace svc::runtime::core {
namespace {

struct SpawnErrorRow {
  SpawnFailure failure;
  std::string_view before;  // text before the repr'd subject ("" when there is no subject)
  std::string_view after;   // text after it; a detail follows after ": " when `with_detail`
  bool with_subject;
  bool with_detail;
  bool repr = true;  // %r of the subject; false: the subject inside literal '…' ('%s')
};

constexpr std::array<SpawnErrorRow, 10> kSpawnErrors = {{
    {SpawnFailure::kCommandEmpty, "command is empty", "", false, false},
    {SpawnFailure::kCommandUnparsable, "can't parse command ", "", true, true},
    {SpawnFailure::kNotFound, "can't find command ", "", true, false},
    {SpawnFailure::kIsDirectory, "command at ", " is a directory", true, false},
    {SpawnFailure::kNotExecutable, "command at ", " is not executable", true, false},
    {SpawnFailure::kNoPermission, "no permission to run command ", "", true, false},
    {SpawnFailure::kTooManyFiles, "too many open files to spawn ", "", true, false, false},
    {SpawnFailure::kPipeError, "unknown error making dispatchers for ", "", true, true, false},
    {SpawnFailure::kTooManyProcesses, "Too many processes in process table to spawn ", "", true,
     false, false},
    {SpawnFailure::kForkError, "unknown error during fork for ", "", true, true, false},
}};

void AppendEscaped(unsigned char c, char quote, std::string& out) {
  switch (c) {
    case '\\':
      out += "\\\\";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      break;
  }
  if (c == static_cast<unsigned char>(quote)) {
    out += '\\';
    out += quote;
  } else if (c < 0x20 || c == 0x7f) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "\\x%02x", c);
    out += hex;
  } else {
    out += static_cast<char>(c);  // bytes >= 0x80 are UTF-8, printable in Python 3
  }
}

}  // namespace

std::string PythonRepr(std::string_view text) {
  const bool has_single = text.find('\'') != std::string_view::npos;
  const bool has_double = text.find('"') != std::string_view::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  std::string out(1, quote);
  for (char c : text) AppendEscaped(static_cast<unsigned char>(c), quote, out);
  out += quote;
  return out;
}

std::string SpawnErrorText(SpawnFailure failure, std::string_view subject,
                           std::string_view detail) {
  for (const SpawnErrorRow& row : kSpawnErrors) {
    if (row.failure != failure) continue;
    std::string text(row.before);
    if (row.with_subject) {
      text += row.repr ? PythonRepr(subject) : "'" + std::string(subject) + "'";
    }
    text += row.after;
    if (row.with_detail) {
      text += ": ";
      text += detail;
    }
    return text;
  }
  return {};
}

}  // namespace svc::runtime::core
