#include "compiler/diagnostics.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

namespace svc::compiler {
namespace {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

// Source text shown under a diagnostic: control bytes become '?', so binary input cannot
// garble a terminal; very long lines are cut to a window around the column.
std::string Printable(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) c = '?';
  }
  return out;
}

void RenderSnippet(const Sources& sources, const Diagnostic& d, std::string& out) {
  std::string_view line = sources.Line(d.loc.file, d.loc.line);
  if (line.empty()) return;
  constexpr size_t kWindow = 160;
  size_t col = static_cast<size_t>(std::max(d.loc.col, 1)) - 1;
  size_t begin = 0;
  std::string prefix;
  if (line.size() > kWindow && col > kWindow / 2) {
    begin = std::min(col - kWindow / 2, line.size() - kWindow / 2);
    prefix = "...";
  }
  std::string_view shown = line.substr(begin, kWindow);
  std::string suffix = begin + shown.size() < line.size() ? "..." : "";
  std::string gutter = std::to_string(d.loc.line);
  out += " " + gutter + " | " + prefix + Printable(shown) + suffix + "\n";
  out += " " + std::string(gutter.size(), ' ') + " | " + std::string(prefix.size(), ' ');
  size_t caret = col >= begin ? col - begin : 0;
  for (size_t i = 0; i < caret && i < shown.size(); ++i) out += shown[i] == '\t' ? '\t' : ' ';
  out += '^';
  size_t len = static_cast<size_t>(std::max(d.length, 1));
  if (caret + len > shown.size()) len = shown.size() > caret ? shown.size() - caret : 1;
  if (len > 1) out += std::string(len - 1, '~');
  out += "\n";
}

void RenderOne(const Sources& sources, const Diagnostic& d, std::string& out) {
  if (d.loc.valid()) {
    out += sources.file(d.loc.file).path + ":" + std::to_string(d.loc.line) + ":" +
           std::to_string(d.loc.col) + ": ";
  } else {
    out += d.severity == Severity::kNote ? "    " : "svc: ";
  }
  out += SeverityName(d.severity);
  out += ": " + d.message;
  if (!d.code.empty()) out += " [" + d.code + "]";
  out += "\n";
  RenderSnippet(sources, d, out);
}

// "note: in file included from main.conf:12:7" for each level of the include chain.
void RenderIncludeChain(const Sources& sources, Loc loc, std::string& out) {
  for (int depth = 0; loc.valid() && depth < 64; ++depth) {
    Loc from = sources.file(loc.file).included_from;
    if (!from.valid()) break;
    out += sources.file(from.file).path + ":" + std::to_string(from.line) + ":" +
           std::to_string(from.col) + ": note: in file included from here\n";
    loc = from;
  }
}

nlohmann::json LocJson(const Sources& sources, Loc loc) {
  if (!loc.valid()) return nullptr;
  return {{"file", sources.file(loc.file).path}, {"line", loc.line}, {"column", loc.col}};
}

// The same finding at the same place is reported once (e.g. once per numprocs process).
std::string FindingKey(const std::string& code, Loc loc) {
  return code + "@" + std::to_string(loc.file) + ":" + std::to_string(loc.line) + ":" +
         std::to_string(loc.col);
}

}  // namespace

Diagnostic& DiagnosticSink::Push(Severity sev, Loc loc, std::string code, std::string message,
                                 int length) {
  if (sev == Severity::kWarning && werror_) sev = Severity::kError;
  if (!seen_.insert(FindingKey(code, loc)).second) {
    discarded_ = Diagnostic{};
    return discarded_;
  }
  if (sev == Severity::kError) ++errors_;
  if (sev == Severity::kWarning) ++warnings_;
  diags_.push_back(Diagnostic{sev, loc, length, std::move(code), std::move(message), {}, false});
  return diags_.back();
}

Diagnostic& DiagnosticSink::Error(Loc loc, std::string code, std::string message, int length) {
  return Push(Severity::kError, loc, std::move(code), std::move(message), length);
}

Diagnostic& DiagnosticSink::Warning(Loc loc, std::string code, std::string message, int length) {
  return Push(Severity::kWarning, loc, std::move(code), std::move(message), length);
}

Diagnostic& DiagnosticSink::Machine(Loc loc, std::string code, std::string message, int length,
                                    bool rejects) {
  bool error = strict_ || (like_supervisord_ && rejects);
  Diagnostic& d = Push(error ? Severity::kError : Severity::kWarning, loc, std::move(code),
                       std::move(message), length);
  d.machine = true;
  return d;
}

Diagnostic MakeNote(Loc loc, std::string message) {
  Diagnostic d;
  d.severity = Severity::kNote;
  d.loc = loc;
  d.message = std::move(message);
  return d;
}

static std::vector<const Diagnostic*> SortedByLocation(const std::vector<Diagnostic>& diags) {
  std::vector<const Diagnostic*> sorted;
  for (const Diagnostic& d : diags) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic* a, const Diagnostic* b) {
    return std::tie(a->loc.file, a->loc.line, a->loc.col) <
           std::tie(b->loc.file, b->loc.line, b->loc.col);
  });
  return sorted;
}

std::string RenderText(const Sources& sources, const std::vector<Diagnostic>& diags,
                       bool /*color*/) {
  std::string out;
  for (const Diagnostic* dp : SortedByLocation(diags)) {
    const Diagnostic& d = *dp;
    RenderOne(sources, d, out);
    RenderIncludeChain(sources, d.loc, out);
    for (const Diagnostic& n : d.notes) RenderOne(sources, n, out);
  }
  return out;
}

std::string RenderJson(const Sources& sources, const std::vector<Diagnostic>& diags) {
  nlohmann::json list = nlohmann::json::array();
  int errors = 0, warnings = 0;
  for (const Diagnostic* dp : SortedByLocation(diags)) {
    const Diagnostic& d = *dp;
    nlohmann::json j = {{"severity", SeverityName(d.severity)},
                        {"code", d.code},
                        {"message", d.message},
                        {"location", LocJson(sources, d.loc)},
                        {"machine_dependent", d.machine}};
    nlohmann::json notes = nlohmann::json::array();
    for (const Diagnostic& n : d.notes) {
      notes.push_back({{"message", n.message}, {"location", LocJson(sources, n.loc)}});
    }
    j["notes"] = notes;
    list.push_back(j);
    errors += d.severity == Severity::kError;
    warnings += d.severity == Severity::kWarning;
  }
  nlohmann::json doc = {{"diagnostics", list}, {"errors", errors}, {"warnings", warnings}};
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace svc::compiler
