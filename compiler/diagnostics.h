// Compiler diagnostics: every stage pushes into one sink and keeps going, so `svc check`
// reports all problems at once. Rendered as `file:line:col: error: message [code]` plus the
// source line and a caret, or as JSON for machines.
#pragma once

#include <string>
#include <unordered_set>
#include <vector>

#include "compiler/source.h"

namespace svc::compiler {

enum class Severity { kError, kWarning, kNote };

struct Diagnostic {
  Severity severity = Severity::kError;
  Loc loc;
  int length = 1;    // columns to underline
  std::string code;  // stable kebab-case, documented in docs/diagnostics.md
  std::string message;
  std::vector<Diagnostic> notes;
  // Depends on the machine the plan is deployed to (PATH, users, directories): a warning
  // by default, an error with --strict.
  bool machine = false;
};

class DiagnosticSink {
 public:
  Diagnostic& Error(Loc loc, std::string code, std::string message, int length = 1);
  Diagnostic& Warning(Loc loc, std::string code, std::string message, int length = 1);
  // A check that depends on the deploy machine: a warning, an error under --strict, and also
  // an error when compiling for this machine (svcd -c) if supervisord would refuse it
  // (`rejects`: unknown users, missing log directories), as supervisord does at start.
  Diagnostic& Machine(Loc loc, std::string code, std::string message, int length = 1,
                      bool rejects = true);
  void set_strict(bool strict) { strict_ = strict; }
  void set_like_supervisord(bool on) { like_supervisord_ = on; }
  void set_werror(bool werror) { werror_ = werror; }

  bool has_errors() const { return errors_ > 0; }
  int errors() const { return errors_; }
  int warnings() const { return warnings_; }
  const std::vector<Diagnostic>& all() const { return diags_; }

 private:
  Diagnostic& Push(Severity sev, Loc loc, std::string code, std::string message, int length);
  std::vector<Diagnostic> diags_;
  Diagnostic discarded_;                  // a repeated finding: notes added to it go nowhere
  std::unordered_set<std::string> seen_;  // code@file:line:col of every finding
  int errors_ = 0;
  int warnings_ = 0;
  bool strict_ = false;
  bool like_supervisord_ = false;
  bool werror_ = false;
};

Diagnostic MakeNote(Loc loc, std::string message);

// Human-readable rendering; include chains become notes.
std::string RenderText(const Sources& sources, const std::vector<Diagnostic>& diags,
                       bool color = false);
// One JSON document: {"diagnostics": [...], "errors": N, "warnings": N}.
std::string RenderJson(const Sources& sources, const std::vector<Diagnostic>& diags);

}  // namespace svc::compiler
