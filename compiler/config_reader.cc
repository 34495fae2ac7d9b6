#include "compiler/config_reader.h"

#include <algorithm>
#include <limits>

namespace svc::compiler {
namespace {

constexpr size_t kNone = std::numeric_limits<size_t>::max();

bool PrecededBySpace(std::string_view line, size_t i) {
  for (size_t k = 1; k <= 3 && k <= i; ++k) {
    if (PySpaceLength(line, i - k) == k) return true;
  }
  return false;
}

// ConfigParser's inline comment search: it scans the prefixes round by round (the n-th
// occurrence of each prefix in round n) and stops at the first round that finds a prefix
// preceded by white space. Reproduced exactly, so `a=x#y #z ;w` keeps the same value.
size_t InlineCommentStart(std::string_view line) {
  size_t start = kNone;
  size_t idx[2] = {kNone, kNone};
  bool active[2] = {true, true};
  const char prefixes[2] = {';', '#'};
  while (start == kNone && (active[0] || active[1])) {
    for (int p = 0; p < 2; ++p) {
      if (!active[p]) continue;
      size_t from = idx[p] == kNone ? 0 : idx[p] + 1;
      size_t i = line.find(prefixes[p], from);
      if (i == std::string_view::npos) {
        active[p] = false;
        continue;
      }
      idx[p] = i;
      if (i == 0 || PrecededBySpace(line, i)) start = std::min(start, i);
    }
  }
  return start;
}

// Indentation as Python counts it: the number of characters before the first non-space.
size_t IndentLevel(std::string_view line, size_t* first_byte) {
  size_t pos = 0, chars = 0;
  while (pos < line.size()) {
    size_t n = PySpaceLength(line, pos);
    if (n == 0) break;
    pos += n;
    ++chars;
  }
  *first_byte = pos;
  return chars;
}

bool ValidUtf8(std::string_view s, size_t* bad) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size() || (n == 2 && c < 0xc2)) break;
    bool ok = true;
    for (size_t k = 1; k < n; ++k) {
      ok = ok && (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
    }
    auto c1 = n > 1 ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (n == 3 && ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0))) ok = false;
    if (n == 4 && ((c == 0xf0 && c1 < 0x90) || c > 0xf4 || (c == 0xf4 && c1 >= 0x90))) ok = false;
    if (!ok) break;
    i += n;
  }
  *bad = i;
  return i == s.size();
}

struct Cursor {
  int section = -1;  // index into config.sections, -2 = [DEFAULT], -1 = none yet
  long option = -1;  // index into that section's options
  size_t indent = kNone;
};

class FileReader {
 public:
  FileReader(const Sources& sources, int file, RawConfig& config, DiagnosticSink& sink,
             std::vector<std::pair<int, std::string>>* touched)
      : sources_(sources), file_(file), config_(config), sink_(sink), set_(touched) {}

  bool Run();

 private:
  RawSection& Section(int i) {
    return i == -2 ? config_.defaults : config_.sections[static_cast<size_t>(i)];
  }
  Loc At(int line, size_t byte) const { return Loc{file_, line, static_cast<int>(byte) + 1}; }
  void Header(std::string_view value, size_t offset, int line);
  void Option(std::string_view value, size_t offset, int line);
  void Continue(std::string_view piece);
  void FinishValues();

  const Sources& sources_;
  int file_;
  RawConfig& config_;
  DiagnosticSink& sink_;
  Cursor cur_;
  bool ok_ = true;
  bool reported_headerless_ = false;
  std::vector<std::pair<int, size_t>> touched_;  // options whose value lines may need joining
  std::vector<std::pair<int, std::string>>* set_;
};

bool FileReader::Run() {
  const SourceFile& f = sources_.file(file_);
  size_t bad = 0;
  if (!ValidUtf8(f.text, &bad)) {
    auto it = std::upper_bound(f.line_starts.begin(), f.line_starts.end(), bad);
    int line = static_cast<int>(it - f.line_starts.begin());
    sink_.Error(At(line, bad - f.line_starts[static_cast<size_t>(line) - 1]), "invalid-utf8",
                "file is not valid UTF-8 (supervisord would stop with a UnicodeDecodeError)");
    ok_ = false;
  }
  int lines = static_cast<int>(f.line_starts.size());
  if (!f.text.empty() && (f.text.back() == '\n' || f.text.back() == '\r')) --lines;
  for (int n = 1; n <= lines; ++n) {
    std::string_view line = sources_.Line(file_, n);
    size_t comment = InlineCommentStart(line);
    std::string_view stripped = StripPy(line);
    if (!stripped.empty() && (stripped[0] == ';' || stripped[0] == '#')) comment = 0;
    std::string_view value = StripPy(line.substr(0, comment == kNone ? line.size() : comment));
    if (value.empty()) {
      // A blank line inside a value is kept; a comment line is skipped without ending it.
      if (comment == kNone && cur_.section != -1 && cur_.option >= 0) Continue("");
      continue;
    }
    size_t first = 0;
    size_t indent = IndentLevel(line, &first);
    if (cur_.section != -1 && cur_.option >= 0 && cur_.indent != kNone && indent > cur_.indent) {
      Continue(value);
      continue;
    }
    cur_.indent = indent;
    size_t close = value.rfind(']');
    if (value[0] == '[' && close != std::string_view::npos && close >= 2) {
      Header(value, first, n);
    } else if (cur_.section == -1) {
      if (!reported_headerless_) {
        sink_.Error(At(n, first), "missing-section-header",
                    "text before the first [section] header", static_cast<int>(value.size()));
        reported_headerless_ = true;
      }
      ok_ = false;
    } else {
      Option(value, first, n);
    }
  }
  FinishValues();
  return ok_;
}

void FileReader::Header(std::string_view value, size_t offset, int line) {
  size_t close = value.rfind(']');
  std::string name(value.substr(1, close - 1));
  if (close + 1 < value.size()) {
    sink_.Warning(At(line, offset + close + 1), "section-trailing-text",
                  "text after the section header is ignored by supervisord",
                  static_cast<int>(value.size() - close - 1));
  }
  cur_.option = -1;
  if (name == "DEFAULT") {
    cur_.section = -2;
    if (!config_.defaults.loc.valid()) config_.defaults.loc = At(line, offset);
    config_.defaults.name = name;
    return;
  }
  auto it = config_.index.find(name);
  if (it != config_.index.end()) {
    RawSection& s = config_.sections[it->second];
    sink_
        .Warning(At(line, offset), "duplicate-section",
                 "section [" + name +
                     "] appears again; supervisord merges both and later "
                     "values win",
                 static_cast<int>(close + 1))
        .notes.push_back(MakeNote(s.loc, "first defined here"));
    cur_.section = static_cast<int>(it->second);
    return;
  }
  RawSection s;
  s.name = name;
  s.loc = At(line, offset);
  s.file = file_;
  config_.index.emplace(name, config_.sections.size());
  config_.sections.push_back(std::move(s));
  cur_.section = static_cast<int>(config_.sections.size()) - 1;
}

// value.find_first_of("=:"), without a search of the two delimiters per byte.
size_t FindDelimiter(std::string_view value) {
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '=' || value[i] == ':') return i;
  }
  return std::string_view::npos;
}

void FileReader::Option(std::string_view value, size_t offset, int line) {
  size_t delim = FindDelimiter(value);
  if (delim == std::string_view::npos) {
    sink_.Error(At(line, offset), "parse-error",
                "expected 'name = value', '[section]' or a comment",
                static_cast<int>(value.size()));
    ok_ = false;
    return;
  }
  std::string_view key = StripPy(value.substr(0, delim));
  if (key.empty()) {
    sink_.Error(At(line, offset), "empty-option-name",
                "option has no name before '" + std::string(1, value[delim]) + "'");
    ok_ = false;
  }
  RawOption opt;
  opt.key.assign(key);
  for (char& c : opt.key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  size_t vstart = delim + 1;
  while (vstart < value.size() && PySpaceLength(value, vstart) > 0) {
    vstart += PySpaceLength(value, vstart);
  }
  opt.value.assign(value.substr(vstart));
  opt.key_loc = At(line, offset);
  opt.key_len = static_cast<int>(std::max<size_t>(key.size(), 1));
  opt.value_loc = At(line, offset + vstart);
  RawSection& s = Section(cur_.section);
  if (set_) set_->emplace_back(cur_.section, opt.key);
  long at = s.IndexOf(opt.key);
  if (at >= 0) {
    const RawOption& prev = s.options[static_cast<size_t>(at)];
    sink_
        .Warning(opt.key_loc, "duplicate-option",
                 "option '" + opt.key + "' is set again in [" + s.name +
                     "]; supervisord keeps only the last value",
                 opt.key_len)
        .notes.push_back(MakeNote(prev.key_loc, "previous value set here"));
    s.options[static_cast<size_t>(at)] = std::move(opt);  // later value wins, position kept
  } else {
    at = static_cast<long>(s.options.size());
    s.options.push_back(std::move(opt));
  }
  cur_.option = at;
}

void FileReader::Continue(std::string_view piece) {
  RawOption& o = Section(cur_.section).options[static_cast<size_t>(cur_.option)];
  o.value += '\n';
  o.value += piece;
  touched_.emplace_back(cur_.section, static_cast<size_t>(cur_.option));
}

// ConfigParser joins value lines and then strips trailing white space (rstrip()).
void FileReader::FinishValues() {
  for (auto [section, option] : touched_) {
    std::string& v = Section(section).options[option].value;
    std::string_view sv = v;
    while (!sv.empty()) {
      size_t n = 0;
      for (size_t k = 1; k <= 3 && k <= sv.size(); ++k) {
        if (PySpaceLength(sv, sv.size() - k) == k) n = k;
      }
      if (n == 0) break;
      sv.remove_suffix(n);
    }
    v.resize(sv.size());
  }
}

}  // namespace

size_t PySpaceLength(std::string_view s, size_t pos) {
  if (pos >= s.size()) return 0;
  auto c = static_cast<unsigned char>(s[pos]);
  if (c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f)) return 1;
  auto at = [&](size_t k) {
    return pos + k < s.size() ? static_cast<unsigned char>(s[pos + k]) : 0;
  };
  if (c == 0xc2 && (at(1) == 0x85 || at(1) == 0xa0)) return 2;
  if (c == 0xe1 && at(1) == 0x9a && at(2) == 0x80) return 3;
  if (c == 0xe2 && at(1) == 0x80 &&
      (at(2) <= 0x8a || at(2) == 0xa8 || at(2) == 0xa9 || at(2) == 0xaf)) {
    return at(2) >= 0x80 ? 3 : 0;
  }
  if (c == 0xe2 && at(1) == 0x81 && at(2) == 0x9f) return 3;
  if (c == 0xe3 && at(1) == 0x80 && at(2) == 0x80) return 3;
  return 0;
}

std::string_view StripPy(std::string_view s) {
  while (!s.empty()) {
    size_t n = PySpaceLength(s, 0);
    if (n == 0) break;
    s.remove_prefix(n);
  }
  while (!s.empty()) {
    // An ASCII last byte is the last character: no need to look for a longer one ending here.
    auto last = static_cast<unsigned char>(s.back());
    if (last < 0x80) {
      if (PySpaceLength(s, s.size() - 1) == 0) break;
      s.remove_suffix(1);
      continue;
    }
    size_t n = 0;
    for (size_t k = 1; k <= 3 && k <= s.size(); ++k) {
      if (PySpaceLength(s, s.size() - k) == k) n = k;
    }
    if (n == 0) break;
    s.remove_suffix(n);
  }
  return s;
}

long RawSection::IndexOf(std::string_view key) const {
  // Size and first byte before the bytes: most keys of a section differ in one of them.
  for (size_t i = 0; i < options.size(); ++i) {
    const std::string& k = options[i].key;
    if (k.size() == key.size() && (key.empty() || k[0] == key[0]) && k == key) {
      return static_cast<long>(i);
    }
  }
  return -1;
}

const RawOption* RawSection::Find(std::string_view key) const {
  long i = IndexOf(key);
  return i < 0 ? nullptr : &options[static_cast<size_t>(i)];
}

RawOption& RawSection::Set(RawOption option) {
  long i = IndexOf(option.key);
  if (i >= 0) {
    options[static_cast<size_t>(i)] = std::move(option);
    return options[static_cast<size_t>(i)];
  }
  options.push_back(std::move(option));
  return options.back();
}

const RawSection* RawConfig::Find(const std::string& name) const {
  auto it = index.find(name);
  return it == index.end() ? nullptr : &sections[it->second];
}

const RawOption* RawConfig::Get(const RawSection& section, std::string_view key) const {
  if (const RawOption* o = section.Find(key)) return o;
  return defaults.Find(key);
}

bool ReadConfigFile(const Sources& sources, int file, RawConfig& config, DiagnosticSink& sink,
                    std::vector<std::pair<int, std::string>>* touched) {
  return FileReader(sources, file, config, sink, touched).Run();
}

}  // namespace svc::compiler
