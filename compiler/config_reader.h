// A lexer for supervisord's INI dialect that behaves exactly as Python 3's RawConfigParser
// does with supervisord's settings (inline_comment_prefixes=(';', '#'), strict=False), but
// keeps a line and column for every section and option. See docs/compatibility.md for why
// inih is not used.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/diagnostics.h"
#include "compiler/source.h"

namespace svc::compiler {

struct RawOption {
  std::string key;    // lower-cased, as ConfigParser's optionxform does
  std::string value;  // continuation lines joined with '\n', trailing whitespace dropped
  Loc key_loc;
  Loc value_loc;
  int key_len = 1;
};

struct RawSection {
  std::string name;  // case-sensitive
  Loc loc;           // the first [header] that opened it
  int file = -1;     // the file whose read first created it (supervisord's section_to_file)
  // Insertion order; a repeated key keeps its first position. Sections hold a handful of
  // options, so a linear search beats a hash map (and allocates nothing).
  std::vector<RawOption> options;

  const RawOption* Find(std::string_view key) const;
  RawOption& Set(RawOption option);          // later value wins, position kept
  long IndexOf(std::string_view key) const;  // -1 when absent
};

// The merged result of reading the main file and its includes.
struct RawConfig {
  std::vector<RawSection> sections;  // without [DEFAULT]
  std::unordered_map<std::string, size_t> index;
  RawSection defaults;  // [DEFAULT]

  const RawSection* Find(const std::string& name) const;
  // An option of a section, falling back to [DEFAULT] as ConfigParser does.
  const RawOption* Get(const RawSection& section, std::string_view key) const;
};

// Reads one file into `config`, merging sections and keys. Returns false on any parse error
// (all bad lines are reported, as ConfigParser collects them).
// `touched` (optional) receives every (section index, key) the file set; -2 is [DEFAULT].
bool ReadConfigFile(const Sources& sources, int file, RawConfig& config, DiagnosticSink& sink,
                    std::vector<std::pair<int, std::string>>* touched = nullptr);

// Python's str.strip()/isspace() for UTF-8 text (ASCII and Unicode white space).
std::string_view StripPy(std::string_view s);
size_t PySpaceLength(std::string_view s, size_t pos);  // bytes of a white-space char at pos, or 0

}  // namespace svc::compiler
