#include "compiler/includes.h"

#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

namespace svc::compiler {
namespace {

std::string Dirname(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// os.path.abspath: join with the cwd and normalise "." and "..".
std::string AbsPath(const std::string& path, const std::string& cwd) {
  std::string joined = (!path.empty() && path[0] == '/') ? path : cwd + "/" + path;
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= joined.size()) {
    size_t slash = joined.find('/', i);
    if (slash == std::string::npos) slash = joined.size();
    std::string part = joined.substr(i, slash - i);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = slash + 1;
  }
  std::string out;
  for (const std::string& p : parts) out += "/" + p;
  return out.empty() ? "/" : out;
}

enum class ReadStatus { kOk, kMissing, kDirectory, kUnreadable, kTooLarge };

ReadStatus ReadFile(const std::string& path, size_t max_bytes, std::string& out,
                    std::string& error) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    error = std::strerror(errno);
    return errno == ENOENT ? ReadStatus::kMissing : ReadStatus::kUnreadable;
  }
  struct stat st {};
  if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    close(fd);
    return ReadStatus::kDirectory;
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    error = "not a regular file";
    return ReadStatus::kUnreadable;
  }
  if (static_cast<size_t>(st.st_size) > max_bytes) {
    close(fd);
    return ReadStatus::kTooLarge;
  }
  out.resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  while (got < out.size()) {
    ssize_t n = read(fd, out.data() + got, out.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  out.resize(got);
  close(fd);
  return ReadStatus::kOk;
}

// Reports a file that cannot be read; returns false if it could not be read.
bool LoadFile(Context& ctx, const std::string& path, Loc from, std::string& text, bool main) {
  std::string error;
  ReadStatus status = ReadFile(path, ctx.options.max_file_bytes, text, error);
  std::string what = main ? "config file" : "included file";
  switch (status) {
    case ReadStatus::kOk:
      return true;
    case ReadStatus::kMissing:
      ctx.sink.Error(from, main ? "file-not-found" : "include-unreadable",
                     "could not find " + what + " " + path);
      return false;
    case ReadStatus::kDirectory:
      if (main) {
        ctx.sink.Error(from, "not-a-file", path + " is a directory, not a config file");
      } else {
        ctx.sink.Warning(from, "include-not-a-file",
                         "include pattern matches directory " + path + "; supervisord skips it");
      }
      return false;
    case ReadStatus::kUnreadable:
      // supervisord silently skips an included file it cannot open; svc does not.
      ctx.sink.Error(from, main ? "file-unreadable" : "include-unreadable",
                     "could not read " + what + " " + path + ": " + error);
      return false;
    case ReadStatus::kTooLarge:
      ctx.sink.Error(from, "config-too-large",
                     what + " " + path + " is larger than " +
                         std::to_string(ctx.options.max_file_bytes >> 20) + " MiB");
      return false;
  }
  return false;
}

constexpr std::string_view kHere = "%(here)s";

void ReplaceHere(std::string& value, const std::string& dir) {
  size_t pos = 0;
  while ((pos = value.find(kHere, pos)) != std::string::npos) {
    value.replace(pos, kHere.size(), dir);
    pos += dir.size();
  }
}

// supervisord's expand_here over one section: its own values and the [DEFAULT] values it
// inherits (which become its own, as ConfigParser.set() makes them).
void ExpandHereInSection(RawConfig& raw, RawSection& s, const std::string& dir) {
  for (RawOption& o : s.options) {
    if (o.value.find(kHere) != std::string::npos) ReplaceHere(o.value, dir);
  }
  for (const RawOption& d : raw.defaults.options) {
    if (d.value.find(kHere) == std::string::npos || s.Find(d.key)) continue;
    RawOption copy = d;
    ReplaceHere(copy.value, dir);
    s.Set(std::move(copy));
  }
}

bool DefaultsHaveHere(const RawConfig& raw) {
  return std::any_of(raw.defaults.options.begin(), raw.defaults.options.end(),
                     [](const RawOption& o) { return o.value.find(kHere) != std::string::npos; });
}

// Applies expand_here after one included file: only the sections that file created or
// changed can hold a new `%(here)s`, unless it added [DEFAULT] values that hold one.
void ExpandHereAfter(RawConfig& raw, const std::string& dir, size_t first_new_section,
                     const std::vector<std::pair<int, std::string>>& touched) {
  bool defaults_changed = std::any_of(touched.begin(), touched.end(), [&](const auto& t) {
    const RawOption* o = t.first == -2 ? raw.defaults.Find(t.second) : nullptr;
    return o && o->value.find(kHere) != std::string::npos;
  });
  if (defaults_changed) {
    for (RawSection& s : raw.sections) ExpandHereInSection(raw, s, dir);
    return;
  }
  std::set<size_t> visit;
  for (size_t i = first_new_section; i < raw.sections.size(); ++i) visit.insert(i);
  for (const auto& [section, key] : touched) {
    if (section >= 0) visit.insert(static_cast<size_t>(section));
  }
  bool defaults_here = DefaultsHaveHere(raw);
  for (size_t i : visit) {
    RawSection& s = raw.sections[i];
    if (defaults_here || i >= first_new_section) {
      ExpandHereInSection(raw, s, dir);
    } else {
      for (RawOption& o : s.options) {
        if (o.value.find(kHere) != std::string::npos) ReplaceHere(o.value, dir);
      }
    }
  }
}

std::vector<std::string> Glob(const std::string& pattern) {
  glob_t g{};
  std::vector<std::string> out;
  if (glob(pattern.c_str(), GLOB_NOESCAPE, nullptr, &g) == 0) {
    for (size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
  }
  globfree(&g);
  std::sort(out.begin(), out.end());
  return out;
}

void ReadIncluded(Context& ctx, const std::string& path, Loc from) {
  std::string text;
  if (!LoadFile(ctx, path, from, text, false)) return;
  int file = ctx.sources.Add(path, std::move(text), from);
  size_t first_new = ctx.raw.sections.size();
  std::vector<std::pair<int, std::string>> touched;
  ReadConfigFile(ctx.sources, file, ctx.raw, ctx.sink, &touched);
  for (const auto& [section, key] : touched) {
    if (section >= 0 && ctx.raw.sections[static_cast<size_t>(section)].name == "include") {
      const RawOption* o = ctx.raw.sections[static_cast<size_t>(section)].Find(key);
      ctx.sink.Warning(o ? o->key_loc : from, "nested-include",
                       "[include] in an included file is ignored by supervisord: included "
                       "files cannot include files");
      break;
    }
  }
  ExpandHereAfter(ctx.raw, Dirname(AbsPath(path, ctx.options.cwd)), first_new, touched);
}

void ProcessIncludes(Context& ctx, const std::string& main_abs) {
  const RawSection* inc = ctx.raw.Find("include");
  if (!inc) return;
  for (RawSection& s : ctx.raw.sections) ExpandHereInSection(ctx.raw, s, ctx.here);
  const RawOption* files = ctx.raw.Get(*inc, "files");
  if (!files) {
    ctx.sink.Error(inc->loc, "include-no-files", "[include] section has no 'files' setting", 9);
    return;
  }
  RawOption files_opt = *files;
  Scope scope{&ctx.here_map, &ctx.host_map, &ctx.env};
  OptionReader reader(ctx, *inc, nullptr);
  bool failed = false;
  auto text = reader.Expand(files_opt, files_opt.value, scope, &failed);
  if (!text) return;
  std::string base = Dirname(main_abs);
  size_t pos = 0;
  while (pos < text->size()) {
    size_t n = PySpaceLength(*text, pos);
    if (n) {
      pos += n;
      continue;
    }
    size_t end = pos;
    while (end < text->size() && PySpaceLength(*text, end) == 0) ++end;
    std::string pattern = text->substr(pos, end - pos);
    Loc loc = files_opt.value_loc;
    size_t at = files_opt.value.find(pattern);
    if (at != std::string::npos && files_opt.value.find('\n') > at) loc.col += static_cast<int>(at);
    std::string joined = pattern[0] == '/' ? pattern : base + "/" + pattern;
    std::vector<std::string> matches = Glob(joined);
    if (matches.empty()) {
      ctx.sink.Warning(loc, "include-no-match", "no file matches include \"" + joined + "\"",
                       static_cast<int>(pattern.size()));
    }
    for (const std::string& m : matches) ReadIncluded(ctx, m, loc);
    pos = end;
  }
}

}  // namespace

bool LoadConfig(Context& ctx) {
  const std::string& path = ctx.options.config_path;
  std::string text;
  if (!LoadFile(ctx, path, {}, text, true)) return false;
  std::string main_abs = AbsPath(path, ctx.options.cwd);
  ctx.here = Dirname(main_abs);
  ctx.here_map["here"] = ctx.here;
  int file = ctx.sources.Add(path, std::move(text));
  ReadConfigFile(ctx.sources, file, ctx.raw, ctx.sink);
  ProcessIncludes(ctx, main_abs);
  return true;
}

}  // namespace svc::compiler
