// The option and section tables: classification as supervisord's startswith() checks do it,
// defaults that parse with their own type, and "did you mean" suggestions.
#include "compiler/option_table.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "compiler/values.h"

namespace svc::compiler {
namespace {

SectionKind Kind(std::string_view name, std::string* suffix = nullptr) {
  std::string ignored;
  return ClassifySection(name, suffix ? suffix : &ignored);
}

TEST(OptionTableTest, ClassifiesFixedSections) {
  EXPECT_EQ(Kind("supervisord"), kSupervisord);
  EXPECT_EQ(Kind("supervisorctl"), kCtl);
  EXPECT_EQ(Kind("unix_http_server"), kUnixHttp);
  EXPECT_EQ(Kind("inet_http_server"), kInetHttp);
  EXPECT_EQ(Kind("include"), kInclude);
}

TEST(OptionTableTest, ClassifiesNamedSectionsWithTheirSuffix) {
  struct Case {
    const char* name;
    SectionKind kind;
    const char* suffix;
  };
  for (const Case& c :
       {Case{"program:web", kProgram, "web"}, Case{"group:g", kGroup, "g"},
        Case{"eventlistener:ev", kEventListener, "ev"}, Case{"fcgi-program:f", kFcgi, "f"},
        Case{"rpcinterface:supervisor", kRpcInterface, "supervisor"},
        Case{"ctlplugin:p", kCtlPlugin, "p"}}) {
    std::string suffix;
    EXPECT_EQ(Kind(c.name, &suffix), c.kind) << c.name;
    EXPECT_EQ(suffix, c.suffix) << c.name;
  }
}

TEST(OptionTableTest, ServerSectionsMatchByPrefix) {
  // supervisord's _parse_servernames uses section.startswith(stype).
  std::string suffix;
  EXPECT_EQ(Kind("inet_http_server:second", &suffix), kInetHttp);
  EXPECT_EQ(suffix, "second");
  EXPECT_EQ(Kind("unix_http_serverX", &suffix), kUnixHttp);
  EXPECT_EQ(suffix, "");
}

TEST(OptionTableTest, NamedSectionWithEmptyName) {
  std::string suffix = "x";
  EXPECT_EQ(Kind("program:", &suffix), kProgram);
  EXPECT_EQ(suffix, "");
}

TEST(OptionTableTest, SectionNamesAreCaseSensitive) {
  EXPECT_EQ(Kind("Program:x"), kNoSection);
  EXPECT_EQ(Kind("SUPERVISORD"), kNoSection);
}

TEST(OptionTableTest, PrefixWithoutColonIsUnknown) {
  EXPECT_EQ(Kind("program"), kNoSection);
  EXPECT_EQ(Kind("programs:x"), kNoSection);
  EXPECT_EQ(Kind("supervisord:x"), kNoSection);
  EXPECT_EQ(Kind("includes"), kNoSection);
}

TEST(OptionTableTest, EverySectionRowClassifiesAsItsKind) {
  for (const SectionRow& row : SectionTable()) {
    std::string name = std::string(row.prefix) + (row.named ? "n" : "");
    EXPECT_EQ(Kind(name), row.kind) << name;
  }
}

TEST(OptionTableTest, SectionKindNames) {
  EXPECT_EQ(SectionKindName(kProgram), "program");
  EXPECT_EQ(SectionKindName(kFcgi), "fcgi-program");
  EXPECT_EQ(SectionKindName(kSupervisord), "supervisord");
  EXPECT_EQ(SectionKindName(kNoSection), "unknown");
}

bool DefaultParses(const OptionRow& row, std::string* why) {
  std::string_view d = row.default_text;
  auto fail = [&](const std::string& e) {
    *why = e;
    return false;
  };
  switch (row.type) {
    case OptType::kBool:
      if (auto v = ParseBool(d); !v) return fail(v.error());
      return true;
    case OptType::kInt:
      if (auto v = ParseInt(d); !v) return fail(v.error());
      return true;
    case OptType::kByteSize:
      if (auto v = ParseByteSize(d); !v) return fail(v.error());
      return true;
    case OptType::kOctal:
      if (auto v = ParseOctal(d); !v) return fail(v.error());
      return true;
    case OptType::kSignal:
      if (auto v = ParseSignal(d); !v) return fail(v.error());
      return true;
    case OptType::kExitCodes:
      if (auto v = ParseExitCodes(d); !v) return fail(v.error());
      return true;
    case OptType::kAutoRestart:
      if (auto v = ParseAutoRestart(d); !v) return fail(v.error());
      return true;
    case OptType::kLogLevel:
      if (auto v = ParseLogLevel(d); !v) return fail(v.error());
      return true;
    case OptType::kInetAddress:
      if (auto v = ParseInetAddress(d); !v) return fail(v.error());
      return true;
    case OptType::kKeyValues:
      if (auto v = ParseKeyValues(d); !v) return fail(v.error());
      return true;
    default:
      return true;  // free text
  }
}

TEST(OptionTableTest, EveryDefaultParsesWithItsType) {
  for (const OptionRow& row : OptionTable()) {
    if (row.default_text.empty() || row.default_text == "(required)") continue;
    std::string why;
    EXPECT_TRUE(DefaultParses(row, &why)) << row.name << "=" << row.default_text << ": " << why;
  }
}

TEST(OptionTableTest, EveryRowHasSectionsAndHelp) {
  for (const OptionRow& row : OptionTable()) {
    EXPECT_NE(row.sections, 0u) << row.name;
    EXPECT_FALSE(row.help.empty()) << row.name;
  }
}

TEST(OptionTableTest, OptionNamesAreUniquePerSectionKind) {
  for (const SectionRow& section : SectionTable()) {
    std::set<std::string_view> seen;
    for (const OptionRow& row : OptionTable()) {
      if (!(row.sections & section.kind)) continue;
      EXPECT_TRUE(seen.insert(row.name).second) << section.prefix << " " << row.name;
    }
  }
}

TEST(OptionTableTest, OptionNamesAreLowerCase) {
  // ConfigParser lower-cases every key, so an upper-case row could never match.
  for (const OptionRow& row : OptionTable()) {
    for (char c : row.name) EXPECT_FALSE(c >= 'A' && c <= 'Z') << row.name;
  }
}

TEST(OptionTableTest, EveryOptionSupervisordReadsIsKnown) {
  // The options read by supervisor/options.py 4.2.5, per section kind.
  const char* process_options[] = {"command",
                                   "process_name",
                                   "numprocs",
                                   "numprocs_start",
                                   "priority",
                                   "autostart",
                                   "autorestart",
                                   "startsecs",
                                   "startretries",
                                   "exitcodes",
                                   "stopsignal",
                                   "stopwaitsecs",
                                   "stopasgroup",
                                   "killasgroup",
                                   "user",
                                   "redirect_stderr",
                                   "stdout_logfile",
                                   "stdout_logfile_maxbytes",
                                   "stdout_logfile_backups",
                                   "stdout_capture_maxbytes",
                                   "stdout_events_enabled",
                                   "stdout_syslog",
                                   "stderr_logfile",
                                   "stderr_logfile_maxbytes",
                                   "stderr_logfile_backups",
                                   "stderr_capture_maxbytes",
                                   "stderr_events_enabled",
                                   "stderr_syslog",
                                   "environment",
                                   "directory",
                                   "umask",
                                   "serverurl"};
  for (const char* name : process_options) {
    for (SectionKind kind : {kProgram, kEventListener, kFcgi}) {
      EXPECT_NE(FindOption(kind, name), nullptr) << SectionKindName(kind) << " " << name;
    }
  }
  for (const char* name : {"events", "buffer_size", "result_handler"}) {
    EXPECT_NE(FindOption(kEventListener, name), nullptr) << name;
  }
  for (const char* name : {"socket", "socket_backlog", "socket_owner", "socket_mode"}) {
    EXPECT_NE(FindOption(kFcgi, name), nullptr) << name;
  }
  for (const char* name :
       {"logfile", "logfile_maxbytes", "logfile_backups", "loglevel", "pidfile", "umask",
        "nodaemon", "silent", "minfds", "minprocs", "nocleanup", "childlogdir", "user", "directory",
        "strip_ansi", "environment", "identifier"}) {
    EXPECT_NE(FindOption(kSupervisord, name), nullptr) << name;
  }
  for (const char* name : {"file", "chmod", "chown", "username", "password"}) {
    EXPECT_NE(FindOption(kUnixHttp, name), nullptr) << name;
  }
  for (const char* name : {"port", "username", "password"}) {
    EXPECT_NE(FindOption(kInetHttp, name), nullptr) << name;
  }
  for (const char* name : {"serverurl", "username", "password", "prompt", "history_file"}) {
    EXPECT_NE(FindOption(kCtl, name), nullptr) << name;
  }
  EXPECT_NE(FindOption(kGroup, "programs"), nullptr);
  EXPECT_NE(FindOption(kGroup, "priority"), nullptr);
  EXPECT_NE(FindOption(kInclude, "files"), nullptr);
}

TEST(OptionTableTest, OptionsOfOtherSectionsAreNotFound) {
  EXPECT_EQ(FindOption(kProgram, "events"), nullptr);
  EXPECT_EQ(FindOption(kGroup, "command"), nullptr);
  EXPECT_EQ(FindOption(kSupervisord, "command"), nullptr);
  EXPECT_EQ(FindOption(kInetHttp, "file"), nullptr);
}

TEST(OptionTableTest, DefaultsMatchSupervisord) {
  EXPECT_EQ(FindOption(kProgram, "autorestart")->default_text, "unexpected");
  EXPECT_EQ(FindOption(kProgram, "stopsignal")->default_text, "TERM");
  EXPECT_EQ(FindOption(kSupervisord, "logfile_maxbytes")->default_text, "50MB");
  EXPECT_EQ(FindOption(kUnixHttp, "chmod")->default_text, "0700");
  EXPECT_EQ(FindOption(kProgram, "command")->default_text, "(required)");
}

TEST(OptionTableTest, SuggestsTransposedOption) {
  EXPECT_EQ(SuggestOption(kProgram, "autorestrat"), "autorestart");
}

TEST(OptionTableTest, SuggestsMisspelledOption) {
  EXPECT_EQ(SuggestOption(kProgram, "comand"), "command");
  EXPECT_EQ(SuggestOption(kProgram, "stdout_logfile_maxbyte"), "stdout_logfile_maxbytes");
}

TEST(OptionTableTest, SuggestsOnlyOptionsOfThatSection) {
  EXPECT_EQ(SuggestOption(kSupervisord, "comand"), "");
}

TEST(OptionTableTest, NoSuggestionForUnrelatedWord) {
  EXPECT_EQ(SuggestOption(kProgram, "zzzzzz"), "");
}

TEST(OptionTableTest, SuggestsSectionWithWrongCase) {
  EXPECT_EQ(SuggestSection("Program:web"), "program:web");
}

TEST(OptionTableTest, SuggestsMisspelledSectionKeepingName) {
  EXPECT_EQ(SuggestSection("programs:web"), "program:web");
  EXPECT_EQ(SuggestSection("evenlistener:ev"), "eventlistener:ev");
}

TEST(OptionTableTest, SuggestsFixedSection) {
  EXPECT_EQ(SuggestSection("supervisor"), "supervisord");
  EXPECT_EQ(SuggestSection("unix_http_sever"), "unix_http_server");
}

TEST(OptionTableTest, NoSuggestionForUnrelatedSection) { EXPECT_EQ(SuggestSection("zzz"), ""); }

TEST(OptionTableTest, EditDistanceCountsTranspositionOnce) {
  EXPECT_EQ(EditDistance("ab", "ba"), 1u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
}

}  // namespace
}  // namespace svc::compiler
