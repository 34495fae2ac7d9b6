// Source files read by the compiler, and locations (file, line, column) inside them.
// Every token the reader produces carries a Loc, so any diagnostic can point at its text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace svc::compiler {

struct Loc {
  int file = -1;  // index into Sources; -1 = no location (command line, defaults)
  int line = 0;   // 1-based
  int col = 0;    // 1-based, in bytes
  bool valid() const { return file >= 0; }
};

struct SourceFile {
  std::string path;  // as it will be printed (absolute for includes, as given for the main file)
  std::string text;
  std::vector<uint32_t> line_starts;  // byte offset of each line
  Loc included_from;                  // where the [include] pattern that pulled it in is
};

class Sources {
 public:
  int Add(std::string path, std::string text, Loc included_from = {});
  const SourceFile& file(int index) const { return files_[static_cast<size_t>(index)]; }
  int size() const { return static_cast<int>(files_.size()); }
  // The text of a line without its line break ("" when out of range).
  std::string_view Line(int file, int line) const;
  std::string Describe(Loc loc) const;  // "path:line"

 private:
  std::vector<SourceFile> files_;
};

}  // namespace svc::compiler
