// Pure text helpers (see format.h).
#include "ctl/format.h"

#include <algorithm>
#include <cstdio>

#include "ctl/faults.h"

namespace svc::ctl {
namespace {

std::string PadRight(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

// Python's str.isspace() for the ASCII range (and the separators \x1c-\x1f it includes).
bool IsPySpace(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

NameSpec SplitNamespec(std::string_view spec) {
  size_t colon = spec.find(':');
  if (colon == std::string_view::npos) return {std::string(spec), std::string(spec)};
  NameSpec out{std::string(spec.substr(0, colon)), std::string(spec.substr(colon + 1))};
  if (out.process->empty() || *out.process == "*") out.process.reset();
  return out;
}

std::string MakeNamespec(std::string_view group, std::string_view process) {
  if (group == process) return std::string(process);
  return std::string(group) + ":" + std::string(process);
}

std::vector<std::string> FormatStatusLines(const std::vector<StatusRow>& rows) {
  size_t maxlen = 30;
  std::vector<std::string> specs;
  for (const auto& row : rows) {
    specs.push_back(MakeNamespec(row.group, row.name));
    maxlen = std::max(maxlen, specs.back().size());
  }
  std::vector<std::string> lines;
  for (size_t i = 0; i < rows.size(); ++i) {
    lines.push_back(PadRight(specs[i], maxlen + 3) + PadRight(rows[i].statename, 10) +
                    rows[i].description);
  }
  return lines;
}

std::string FormatAvailLine(const AvailRow& row) {
  return PadRight(MakeNamespec(row.group, row.name), 32) + " " +
         PadRight(row.inuse ? "in use" : "avail", 9) + " " +
         PadRight(row.autostart ? "auto" : "manual", 9) + " " + std::to_string(row.group_prio) +
         ":" + std::to_string(row.process_prio);
}

namespace {

struct CodeText {
  int code;
  const char* text;  // nullptr: the success line
};

std::optional<std::string> ResultText(const std::string& ns, int code,
                                      const std::vector<CodeText>& table,
                                      const std::string& success) {
  if (code == faults::kSuccess) return ns + ": " + success;
  for (const auto& row : table) {
    if (row.code == code) return ns + ": ERROR (" + row.text + ")";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> StartResultText(const std::string& ns, int code) {
  static const std::vector<CodeText> kTable = {
      {faults::kBadName, "no such process"},
      {faults::kNoFile, "no such file"},
      {faults::kNotExecutable, "file is not executable"},
      {faults::kAlreadyStarted, "already started"},
      {faults::kSpawnError, "spawn error"},
      {faults::kAbnormalTermination, "abnormal termination"}};
  return ResultText(ns, code, kTable, "started");
}

std::optional<std::string> SignalResultText(const std::string& ns, int code,
                                            const std::string& description,
                                            const std::string& success_word) {
  static const std::vector<CodeText> kTable = {{faults::kBadName, "no such process"},
                                               {faults::kBadSignal, "bad signal name"},
                                               {faults::kNotRunning, "not running"}};
  if (code == faults::kFailed) return description;  // FAILED: the raw fault string alone
  return ResultText(ns, code, kTable, success_word);
}

std::optional<std::string> ClearResultText(const std::string& ns, int code) {
  static const std::vector<CodeText> kTable = {{faults::kBadName, "no such process"},
                                               {faults::kFailed, "failed"}};
  return ResultText(ns, code, kTable, "cleared");
}

int ExitAfterFault(int current, int fault_code, int ignored) {
  if (fault_code == faults::kSuccess || fault_code == ignored) return current;
  // supervisorctl's DEAD_PROGRAM_FAULTS
  if (fault_code == faults::kSpawnError || fault_code == faults::kAbnormalTermination ||
      fault_code == faults::kNotRunning) {
    return exits::kNotRunning;
  }
  return exits::kGeneric;
}

std::vector<std::string> PySplit(std::string_view s) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsPySpace(static_cast<unsigned char>(s[i]))) ++i;
    size_t start = i;
    while (i < s.size() && !IsPySpace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) words.emplace_back(s.substr(start, i - start));
  }
  return words;
}

std::string_view PyStrip(std::string_view s) {
  while (!s.empty() && IsPySpace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && IsPySpace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string PyRepr(std::string_view s) {
  bool has_single = s.find('\'') != std::string_view::npos;
  bool has_double = s.find('"') != std::string_view::npos;
  char quote = (has_single && !has_double) ? '"' : '\'';
  std::string out(1, quote);
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (ch == quote || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\r') {
      out += "\\r";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  out += quote;
  return out;
}

std::optional<long long> PyInt(std::string_view s) {
  s = PyStrip(s);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s.front() == '_' || s.back() == '_') return std::nullopt;
  long long value = 0;
  char prev = 0;
  for (char c : s) {
    if (c == '_' && prev != '_') {
      prev = c;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (value > (1LL << 50)) return std::nullopt;  // far beyond any log size
    value = value * 10 + (c - '0');
    prev = c;
  }
  return negative ? -value : value;
}

ParsedLine ParseLine(std::string_view raw) {
  ParsedLine out;
  std::string line(PyStrip(raw));
  if (line.empty()) return out;
  out.empty = false;
  if (line[0] == '?') {
    line = "help " + line.substr(1);
  } else if (line[0] == '!') {
    out.line = line;  // no do_shell: cmd is None
    return out;
  }
  size_t i = 0;
  while (i < line.size() && IsIdentChar(line[i])) ++i;
  out.has_cmd = true;
  out.cmd = line.substr(0, i);
  out.arg = std::string(PyStrip(std::string_view(line).substr(i)));
  out.line = line;
  return out;
}

std::vector<std::string> Columnize(const std::vector<std::string>& items, size_t width) {
  if (items.empty()) return {"<empty>"};
  if (items.size() == 1) return {items[0]};
  const size_t size = items.size();
  size_t nrows = 0;
  std::vector<size_t> colwidths;
  bool fits = false;
  for (nrows = 1; nrows < size && !fits; ++nrows) {
    size_t ncols = (size + nrows - 1) / nrows;
    colwidths.clear();
    long total = -2;
    for (size_t col = 0; col < ncols; ++col) {
      size_t colwidth = 0;
      for (size_t row = 0; row < nrows; ++row) {
        size_t i = row + nrows * col;
        if (i >= size) break;
        colwidth = std::max(colwidth, items[i].size());
      }
      colwidths.push_back(colwidth);
      total += static_cast<long>(colwidth) + 2;
      if (total > static_cast<long>(width)) break;
    }
    fits = total <= static_cast<long>(width);
    if (fits) break;
  }
  if (!fits) {
    nrows = size;
    colwidths = {0};
  }
  std::vector<std::string> lines;
  for (size_t row = 0; row < nrows; ++row) {
    std::vector<std::string> texts;
    for (size_t col = 0; col < colwidths.size(); ++col) {
      size_t i = row + nrows * col;
      texts.push_back(i < size ? items[i] : "");
    }
    while (!texts.empty() && texts.back().empty()) texts.pop_back();
    std::string line;
    for (size_t col = 0; col < texts.size(); ++col) {
      if (col > 0) line += "  ";
      line += PadRight(texts[col], colwidths[col]);
    }
    lines.push_back(line);
  }
  return lines;
}

}  // namespace svc::ctl
