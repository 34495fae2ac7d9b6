#include "compiler/context.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <cstdlib>

#include "compiler/option_table.h"

extern char** environ;

namespace svc::compiler {

CompileOptions CompileOptions::FromProcess(std::string config_path) {
  CompileOptions o;
  o.config_path = std::move(config_path);
  for (char** e = ::environ; e && *e; ++e) {
    std::string kv = *e;
    size_t eq = kv.find('=');
    if (eq != std::string::npos) o.environ[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  utsname u{};
  if (uname(&u) == 0) o.host_node_name = u.nodename;
  char buf[4096];
  if (getcwd(buf, sizeof buf)) o.cwd = buf;
  // tempfile.gettempdir(): TMPDIR, TEMP, TMP, then /tmp.
  for (const char* var : {"TMPDIR", "TEMP", "TMP"}) {
    const char* v = std::getenv(var);
    if (v && *v) {
      o.tmpdir = v;
      break;
    }
  }
  return o;
}

std::optional<std::string> OptionReader::Text(std::string_view key, const Scope& scope,
                                              bool* failed) {
  const RawOption* opt = Raw(key);
  if (!opt) return std::nullopt;
  return Expand(*opt, opt->value, scope, failed);
}

std::optional<std::string> OptionReader::Expand(const RawOption& opt, std::string_view text,
                                                const Scope& scope, bool* failed) {
  auto expanded = svc::compiler::Expand(text, scope);
  if (expanded) {
    RecordOrigin(opt);
    return std::move(*expanded);
  }
  const ExpandError& e = expanded.error();
  Loc loc = opt.value_loc;
  size_t nl = text.find('\n');
  if (text == opt.value && (nl == std::string_view::npos || e.offset < nl)) {
    loc.col += static_cast<int>(e.offset);
  }
  int len = static_cast<int>(e.length);
  if (e.kind == ExpandError::Kind::kUnknownName) {
    std::vector<std::string> names = scope.Names();
    std::string shown, best;
    size_t best_d = 3;
    for (const std::string& n : names) {
      if (n.rfind("ENV_", 0) != 0) shown += (shown.empty() ? "" : ", ") + n;
      size_t d = EditDistance(e.name, n);
      if (d < best_d) best_d = d, best = n;
    }
    std::string msg =
        "'%(" + e.name + ")' cannot be expanded in '" + opt.key + "' of [" + section_.name + "]";
    if (!best.empty()) msg += "; did you mean '%(" + best + ")'?";
    Diagnostic& d = ctx_.sink.Error(loc, "unknown-expansion", msg, len);
    d.notes.push_back(
        MakeNote({}, "available here: " + shown + (shown.empty() ? "" : ", ") + "ENV_* variables"));
  } else {
    ctx_.sink.Error(
        loc, "bad-format",
        "'" + opt.key + "' is badly formatted: " + e.message + " (a literal '%' is written '%%')",
        len);
  }
  *failed = true;
  return std::nullopt;
}

bool OptionReader::ReadString(std::string_view key, const Scope& scope, std::string& out) {
  bool failed = false;
  auto text = Text(key, scope, &failed);
  if (text) out = std::move(*text);
  return !failed;
}

bool OptionReader::ReadOptString(std::string_view key, const Scope& scope,
                                 std::optional<std::string>& out) {
  bool failed = false;
  auto text = Text(key, scope, &failed);
  if (text) out = std::move(*text);
  return !failed;
}

void OptionReader::Bad(std::string_view key, const char* code, const std::string& message) {
  const RawOption* opt = Raw(key);
  Loc loc = opt ? opt->value_loc : section_.loc;
  int len = opt ? static_cast<int>(std::max<size_t>(opt->value.find('\n') == std::string::npos
                                                        ? opt->value.size()
                                                        : opt->value.find('\n'),
                                                    1))
                : 1;
  ctx_.sink.Error(loc, code,
                  "invalid '" + std::string(key) + "' in [" + section_.name + "]: " + message, len);
}

void OptionReader::RecordOrigin(const RawOption& opt) {
  if (origin_) origin_->Set(opt.key, Context::Line(opt.key_loc));
}

}  // namespace svc::compiler
