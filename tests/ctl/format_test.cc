// svcctl's pure formatting and parsing, against supervisorctl 4.2.5's observed output.
#include "ctl/format.h"

#include <gtest/gtest.h>

namespace svc::ctl {
namespace {

TEST(SplitNamespec, BareNameIsGroupAndProcess) {
  NameSpec s = SplitNamespec("sleeper");
  EXPECT_EQ(s.group, "sleeper");
  EXPECT_EQ(s.process, "sleeper");
}

TEST(SplitNamespec, GroupColonProcessSplitsAtFirstColon) {
  NameSpec s = SplitNamespec("grp:a:b");
  EXPECT_EQ(s.group, "grp");
  EXPECT_EQ(s.process, "a:b");
}

TEST(SplitNamespec, TrailingColonAndStarNameTheGroup) {
  EXPECT_FALSE(SplitNamespec("grp:").process.has_value());
  EXPECT_FALSE(SplitNamespec("grp:*").process.has_value());
  EXPECT_EQ(SplitNamespec("grp:*").group, "grp");
}

TEST(MakeNamespec, ShortFormWhenGroupEqualsProcess) {
  EXPECT_EQ(MakeNamespec("sleeper", "sleeper"), "sleeper");
  EXPECT_EQ(MakeNamespec("grp", "a"), "grp:a");
}

TEST(FormatStatusLines, MinimumNameColumnIs33) {
  auto lines = FormatStatusLines({{"sleeper", "sleeper", "RUNNING", "pid 6728, uptime 0:00:08"}});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "sleeper                          RUNNING   pid 6728, uptime 0:00:08");
}

TEST(FormatStatusLines, LongNameWidensEveryLine) {
  auto lines =
      FormatStatusLines({{"grp", "a", "RUNNING", "pid 7269, uptime 0:00:11"},
                         {"verylongprogramnamethatexceedsthirtychars",
                          "verylongprogramnamethatexceedsthirtychars", "STOPPED", "Not started"}});
  EXPECT_EQ(lines[0],
            "grp:a                                       RUNNING   pid 7269, uptime 0:00:11");
  EXPECT_EQ(lines[1], "verylongprogramnamethatexceedsthirtychars   STOPPED   Not started");
}

TEST(FormatStatusLines, EmptyDescriptionKeepsStatePadding) {
  auto lines = FormatStatusLines({{"grp", "a", "STARTING", ""}});
  EXPECT_EQ(lines[0], "grp:a                            STARTING  ");
}

TEST(FormatAvailLine, Columns) {
  EXPECT_EQ(FormatAvailLine({"grp", "b", true, false, 999, 999}),
            "grp:b                            in use    manual    999:999");
  EXPECT_EQ(FormatAvailLine({"new", "new", false, true, -1, 5}),
            "new                              avail     auto      -1:5");
}

TEST(ResultText, StartVocabulary) {
  EXPECT_EQ(StartResultText("quick", 50), "quick: ERROR (spawn error)");
  EXPECT_EQ(StartResultText("noexist", 20), "noexist: ERROR (no such file)");
  EXPECT_EQ(StartResultText("x", 21), "x: ERROR (file is not executable)");
  EXPECT_EQ(StartResultText("x", 60), "x: ERROR (already started)");
  EXPECT_EQ(StartResultText("x", 40), "x: ERROR (abnormal termination)");
  EXPECT_EQ(StartResultText("grp:b", 80), "grp:b: started");
  EXPECT_FALSE(StartResultText("x", 30).has_value());
}

TEST(ResultText, StopAndSignalVocabulary) {
  EXPECT_EQ(SignalResultText("x", 80, "OK", "stopped"), "x: stopped");
  EXPECT_EQ(SignalResultText("x", 80, "OK", "signalled"), "x: signalled");
  EXPECT_EQ(SignalResultText("x", 11, "BAD_SIGNAL", "signalled"), "x: ERROR (bad signal name)");
  EXPECT_EQ(SignalResultText("x", 70, "NOT_RUNNING", "stopped"), "x: ERROR (not running)");
  EXPECT_EQ(SignalResultText("x", 30, "FAILED: boom", "stopped"), "FAILED: boom");
}

TEST(ResultText, ClearVocabulary) {
  EXPECT_EQ(ClearResultText("x", 80), "x: cleared");
  EXPECT_EQ(ClearResultText("x", 30), "x: ERROR (failed)");
  EXPECT_EQ(ClearResultText("grp:None", 10), "grp:None: ERROR (no such process)");
}

TEST(ExitAfterFault, SuccessAndIgnoredLeaveStatus) {
  EXPECT_EQ(ExitAfterFault(0, 80, -1), 0);
  EXPECT_EQ(ExitAfterFault(0, 60, 60), 0);
  EXPECT_EQ(ExitAfterFault(1, 70, 70), 1);
}

TEST(ExitAfterFault, DeadProgramFaultsAreNotRunning) {
  EXPECT_EQ(ExitAfterFault(0, 50, 60), exits::kNotRunning);
  EXPECT_EQ(ExitAfterFault(0, 40, 60), exits::kNotRunning);
  EXPECT_EQ(ExitAfterFault(0, 70, -1), exits::kNotRunning);
}

TEST(ExitAfterFault, OtherFaultsAreGeneric) {
  EXPECT_EQ(ExitAfterFault(0, 10, 60), exits::kGeneric);
  EXPECT_EQ(ExitAfterFault(7, 20, 60), exits::kGeneric);
}

TEST(PySplit, RunsOfWhiteSpace) {
  EXPECT_EQ(PySplit("  a\tb  c \n"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(PySplit(" \t ").empty());
}

TEST(ParseLine, CommandIsLeadingIdentifierRun) {
  ParsedLine p = ParseLine("  start-foo bar ");
  EXPECT_TRUE(p.has_cmd);
  EXPECT_EQ(p.cmd, "start");
  EXPECT_EQ(p.arg, "-foo bar");
  EXPECT_EQ(p.line, "start-foo bar");
}

TEST(ParseLine, QuestionMarkIsHelp) {
  ParsedLine p = ParseLine("?start");
  EXPECT_EQ(p.cmd, "help");
  EXPECT_EQ(p.arg, "start");
}

TEST(ParseLine, BangHasNoCommandAndEmptyIsEmpty) {
  EXPECT_FALSE(ParseLine("!ls").has_cmd);
  EXPECT_TRUE(ParseLine("   ").empty);
  ParsedLine dash = ParseLine("-x");
  EXPECT_TRUE(dash.has_cmd);
  EXPECT_EQ(dash.cmd, "");
}

TEST(Columnize, HelpTopicsLayout) {
  std::vector<std::string> topics = {
      "add",    "avail", "clear",  "exit",   "fg",     "maintail", "open",
      "pid",    "quit",  "reload", "remove", "reread", "restart",  "shutdown",
      "signal", "start", "status", "stop",   "tail",   "update",   "version"};
  auto lines = Columnize(topics, 79);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "add    exit      open  reload  restart   start   tail   ");
  EXPECT_EQ(lines[1], "avail  fg        pid   remove  shutdown  status  update ");
  EXPECT_EQ(lines[2], "clear  maintail  quit  reread  signal    stop    version");
}

TEST(PyRepr, QuotesLikePython) {
  EXPECT_EQ(PyRepr("bogus"), "'bogus'");
  EXPECT_EQ(PyRepr("it's"), "\"it's\"");
  EXPECT_EQ(PyRepr("a\nb"), "'a\\nb'");
}

TEST(PyInt, AcceptsWhatIntAccepts) {
  EXPECT_EQ(PyInt("100"), 100);
  EXPECT_EQ(PyInt("-3"), -3);
  EXPECT_EQ(PyInt("1_000"), 1000);
  EXPECT_FALSE(PyInt("x").has_value());
  EXPECT_FALSE(PyInt("").has_value());
  EXPECT_FALSE(PyInt("1__0").has_value());
}

}  // namespace
}  // namespace svc::ctl
