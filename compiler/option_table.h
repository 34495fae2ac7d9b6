// Every section kind and every option of supervisord 4.2.5, one row each: name, the sections
// it belongs to, its value type, its default and a help line. Unknown-option checks, "did you
// mean", `svc echo-config` and docs/options.md are all generated from these rows.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace svc::compiler {

enum SectionKind : uint32_t {
  kNoSection = 0,
  kSupervisord = 1u << 0,
  kUnixHttp = 1u << 1,
  kInetHttp = 1u << 2,
  kCtl = 1u << 3,
  kProgram = 1u << 4,
  kGroup = 1u << 5,
  kEventListener = 1u << 6,
  kFcgi = 1u << 7,
  kInclude = 1u << 8,
  kRpcInterface = 1u << 9,
  kCtlPlugin = 1u << 10,
};
inline constexpr uint32_t kProcessSections = kProgram | kEventListener | kFcgi;

enum class OptType {
  kString,
  kBool,
  kInt,
  kByteSize,
  kOctal,
  kSignal,
  kExitCodes,
  kAutoRestart,
  kLogLevel,
  kLogfile,
  kDirectory,
  kDirPath,
  kUser,
  kUserGroup,
  kInetAddress,
  kKeyValues,
  kCommaList,
  kCommand,
  kName,
  kUrl,
  kFactory,
  kEvents,
  kSocket,
};

struct OptionRow {
  std::string_view name;
  uint32_t sections;
  OptType type;
  std::string_view default_text;  // "" = none; "(required)" = must be set
  std::string_view help;
};

struct SectionRow {
  SectionKind kind;
  std::string_view prefix;  // "program:" for named kinds, the full name otherwise
  bool named;               // takes a ":name" suffix
  std::string_view help;
};

const std::vector<OptionRow>& OptionTable();
const std::vector<SectionRow>& SectionTable();

// The kind of a section name as supervisord recognises it (exact, or by prefix), and the
// name after the ':' for named kinds.
SectionKind ClassifySection(std::string_view name, std::string* suffix);
const OptionRow* FindOption(SectionKind kind, std::string_view option);
// The closest known option or section spelling, or "" when nothing is close.
std::string SuggestOption(SectionKind kind, std::string_view option);
std::string SuggestSection(std::string_view name);
std::string_view SectionKindName(SectionKind kind);  // "program", "supervisord", ...
size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace svc::compiler
