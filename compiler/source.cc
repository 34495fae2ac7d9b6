#include "compiler/source.h"

#include <charconv>

namespace svc::compiler {

int Sources::Add(std::string path, std::string text, Loc included_from) {
  SourceFile f{std::move(path), std::move(text), {0}, included_from};
  const std::string& t = f.text;
  if (t.find('\r') == std::string::npos) {  // the usual case: memchr for each \n
    for (size_t i = t.find('\n'); i != std::string::npos; i = t.find('\n', i + 1)) {
      f.line_starts.push_back(static_cast<uint32_t>(i + 1));
    }
    files_.push_back(std::move(f));
    return static_cast<int>(files_.size()) - 1;
  }
  for (size_t i = 0; i < f.text.size(); ++i) {
    char c = f.text[i];
    // Python's universal newlines: \n, \r\n and a lone \r all end a line.
    if (c == '\r' && i + 1 < f.text.size() && f.text[i + 1] == '\n') ++i;
    if (c == '\n' || c == '\r') f.line_starts.push_back(static_cast<uint32_t>(i + 1));
  }
  files_.push_back(std::move(f));
  return static_cast<int>(files_.size()) - 1;
}

std::string_view Sources::Line(int file_index, int line) const {
  if (file_index < 0 || file_index >= size()) return {};
  const SourceFile& f = file(file_index);
  if (line < 1 || static_cast<size_t>(line) > f.line_starts.size()) return {};
  size_t begin = f.line_starts[static_cast<size_t>(line) - 1];
  if (begin >= f.text.size()) return {};
  // The line ends where the next one starts, less its break (\n, \r\n or \r).
  size_t end = static_cast<size_t>(line) < f.line_starts.size()
                   ? f.line_starts[static_cast<size_t>(line)]
                   : f.text.size();
  if (end > begin && f.text[end - 1] == '\n') --end;
  if (end > begin && f.text[end - 1] == '\r') --end;
  return std::string_view(f.text).substr(begin, end - begin);
}

std::string Sources::Describe(Loc loc) const {
  if (!loc.valid()) return "";
  const std::string& path = file(loc.file).path;
  char digits[16];
  char* end = std::to_chars(digits, digits + sizeof digits, loc.line).ptr;
  std::string out;  // one allocation: every option of every process has an origin
  out.reserve(path.size() + 1 + static_cast<size_t>(end - digits));
  out += path;
  out += ':';
  out.append(digits, end);
  return out;
}

}  // namespace svc::compiler
