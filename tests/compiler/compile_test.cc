// Compile() end to end on configs written to a scratch directory. Expected plans follow what
// supervisord 4.2.5's ServerOptions.realize() builds from the same config (checked with
// /usr/bin/python3 and the supervisor package).
#include "compiler/compile.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>
#include <vector>

#include "tests/compiler/test_util.h"

namespace svc::compiler {
namespace {

using ::svc::compiler::testing::CompileFile;
using ::svc::compiler::testing::ErrorCodes;
using ::svc::compiler::testing::FindCode;
using ::svc::compiler::testing::SupervisordSection;
using ::svc::compiler::testing::TestOptions;
using Strings = std::vector<std::string>;

class CompileTest : public ::svc::compiler::testing::ConfigTest {};

TEST_F(CompileTest, MinimalConfigCompiles) {
  auto r = Build("");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_TRUE(r.plan->processes.empty());
  EXPECT_TRUE(r.plan->groups.empty());
  EXPECT_EQ(r.sink.errors(), 0);
}

TEST_F(CompileTest, MissingSupervisordSectionIsAnError) {
  path_ = dir_.Write("supervisord.conf", "[program:x]\ncommand=/bin/true\n");
  auto r = CompileFile(path_);
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"missing-supervisord-section"});
}

TEST_F(CompileTest, SupervisordDefaults) {
  path_ = dir_.Write("supervisord.conf", "[supervisord]\n");
  auto r = CompileFile(path_);
  ASSERT_TRUE(r.plan) << r.Text();
  const auto& s = r.plan->supervisord;
  EXPECT_EQ(s.logfile, dir_.path() + "/supervisord.log");
  EXPECT_EQ(s.pidfile, dir_.path() + "/supervisord.pid");
  EXPECT_EQ(s.logfile_maxbytes, 50 * 1024 * 1024);
  EXPECT_EQ(s.loglevel, "info");
  EXPECT_EQ(s.umask, 022);
  EXPECT_EQ(s.minfds, 1024);
  EXPECT_EQ(s.childlogdir, "/tmp");
  EXPECT_EQ(s.identifier, "supervisor");
}

TEST_F(CompileTest, SingleProgramIsItsOwnGroup) {
  auto r = Build("[program:web]\ncommand=/bin/web -x\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(ProcessNames(r), Strings{"web:web"});
  const auto* p = r.Process("web", "web");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->kind, "program");
  EXPECT_EQ(p->program, "web");
  EXPECT_EQ(p->argv, (Strings{"/bin/web", "-x"}));
  EXPECT_EQ(r.Group("web")->kind, "program");
  EXPECT_EQ(r.Group("web")->priority, 999);
}

TEST_F(CompileTest, ProgramDefaults) {
  auto r = Build("[program:web]\ncommand=/bin/web\n");
  ASSERT_TRUE(r.plan) << r.Text();
  const auto* p = r.Process("web", "web");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->priority, 999);
  EXPECT_TRUE(p->autostart);
  EXPECT_EQ(p->autorestart, "unexpected");
  EXPECT_EQ(p->startsecs, 1);
  EXPECT_EQ(p->startretries, 3);
  EXPECT_EQ(p->exitcodes, std::vector<int64_t>{0});
  EXPECT_EQ(p->stopsignal, "TERM");
  EXPECT_EQ(p->stopwaitsecs, 10);
  EXPECT_EQ(p->stdout_log.logfile, "auto");
  EXPECT_EQ(p->stdout_log.logfile_maxbytes, 50 * 1024 * 1024);
  EXPECT_FALSE(p->umask);
  EXPECT_FALSE(p->serverurl);
}

TEST_F(CompileTest, NumprocsUnrollsProcesses) {
  auto r = Build(
      "[program:web]\ncommand=/bin/web %(process_num)d\n"
      "process_name=%(program_name)s_%(process_num)02d\nnumprocs=3\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(ProcessNames(r), (Strings{"web:web_00", "web:web_01", "web:web_02"}));
  EXPECT_EQ(r.Group("web")->processes, (Strings{"web_00", "web_01", "web_02"}));
  const auto* p = r.Process("web", "web_02");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->process_num, 2);
  EXPECT_EQ(p->numprocs, 3);
  EXPECT_EQ(p->command, "/bin/web 2");
}

TEST_F(CompileTest, NumprocsStartOffsetsProcessNum) {
  auto r = Build(
      "[program:w]\ncommand=/bin/w\nprocess_name=w%(process_num)d\nnumprocs=2\n"
      "numprocs_start=5\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(ProcessNames(r), (Strings{"w:w5", "w:w6"}));
}

TEST_F(CompileTest, ProcessesOfOneProgramAreSortedByName) {
  // supervisord sorts by (priority, name) with string comparison: w_10 before w_2.
  auto r = Build("[program:w]\ncommand=/bin/w\nprocess_name=w_%(process_num)d\nnumprocs=11\n");
  ASSERT_TRUE(r.plan) << r.Text();
  Strings names = ProcessNames(r);
  ASSERT_EQ(names.size(), 11u);
  EXPECT_EQ(names[1], "w:w_1");
  EXPECT_EQ(names[2], "w:w_10");
  EXPECT_EQ(names[3], "w:w_2");
}

TEST_F(CompileTest, NumprocsWithoutProcessNumIsAnError) {
  auto r = Build("[program:w]\ncommand=/bin/w\nnumprocs=2\n");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"numprocs-without-process-num"});
}

TEST_F(CompileTest, NumprocsZeroGivesNoProcessesAndAWarning) {
  auto r = Build("[program:w]\ncommand=/bin/w\nnumprocs=0\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_TRUE(r.plan->processes.empty());
  EXPECT_NE(FindCode(r.sink, "no-processes"), nullptr);
}

TEST_F(CompileTest, ProcessNameExpandsGroupAndHostNames) {
  auto r = Build("[program:w]\ncommand=/bin/w\nprocess_name=%(group_name)s-%(host_node_name)s\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(ProcessNames(r), Strings{"w:w-testhost"});
}

TEST_F(CompileTest, SupervisordEnvironmentBecomesEnvExpansion) {
  auto r = Build("environment=FOO=\"sup\"\n[program:p]\ncommand=/bin/p %(ENV_FOO)s\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(r.plan->supervisord.environment, (std::map<std::string, std::string>{{"FOO", "sup"}}));
  EXPECT_EQ(r.Process("p", "p")->command, "/bin/p sup");
}

TEST_F(CompileTest, SupervisordEnvironmentIsMergedIntoProcesses) {
  // supervisord: env = section.environment.copy(); env.update(proc.environment)
  auto r = Build(
      "environment=FOO=\"sup\",BAR=b\n[program:p]\ncommand=/bin/p\nenvironment=FOO=prog\n"
      "[program:q]\ncommand=/bin/q\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(r.Process("p", "p")->environment,
            (std::map<std::string, std::string>{{"BAR", "b"}, {"FOO", "prog"}}));
  EXPECT_EQ(r.Process("q", "q")->environment,
            (std::map<std::string, std::string>{{"BAR", "b"}, {"FOO", "sup"}}));
}

TEST_F(CompileTest, ProgramEnvironmentExpandsInLaterOptions) {
  auto r = Build("[program:p]\ncommand=/bin/p %(ENV_FOO)s\nenvironment=FOO=prog\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(r.Process("p", "p")->command, "/bin/p prog");
  EXPECT_EQ(r.Process("p", "p")->environment,
            (std::map<std::string, std::string>{{"FOO", "prog"}}));
}

TEST_F(CompileTest, ProcessEnvironmentComesFromCompileOptions) {
  path_ = dir_.Write("supervisord.conf",
                     SupervisordSection(dir_.path()) + "[program:p]\ncommand=%(ENV_HOME)s/bin/p\n");
  auto r = CompileFile(path_);
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(r.Process("p", "p")->command, "/root/bin/p");
}

TEST_F(CompileTest, HereIsTheConfigDirectory) {
  auto r = Build("[program:p]\ncommand=%(here)s/run\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(r.Process("p", "p")->command, dir_.path() + "/run");
}

TEST_F(CompileTest, OriginRecordsSectionLine) {
  auto r = Build("[program:p]\n\ncommand=/bin/p\nstartsecs=5\n");
  ASSERT_TRUE(r.plan) << r.Text();
  // SupervisordSection() takes lines 1-4.
  EXPECT_EQ(SectionOf(r, *r.Process("p", "p")), path_ + ":5");
}

TEST_F(CompileTest, OriginRecordsProgramLevelOptionLine) {
  auto r = Build("[program:p]\n\ncommand=/bin/p\nstartsecs=5\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(OriginOf(r, *r.Process("p", "p"), "startsecs"), path_ + ":8");
}

TEST_F(CompileTest, OriginRecordsPerProcessOptionLines) {
  auto r = Build("[program:p]\ncommand=/bin/p\ndirectory=/tmp\nenvironment=A=1\n");
  ASSERT_TRUE(r.plan) << r.Text();
  const auto& p = *r.Process("p", "p");
  EXPECT_EQ(OriginOf(r, p, "command"), path_ + ":6");
  EXPECT_EQ(OriginOf(r, p, "directory"), path_ + ":7");
  EXPECT_EQ(OriginOf(r, p, "environment"), path_ + ":8");
}

// Instances after the first take their origins from it: all must name the same lines.
TEST_F(CompileTest, EveryNumprocsInstanceHasTheOriginsOfTheFirst) {
  auto r = Build(
      "[program:p]\ncommand=/bin/p %(process_num)d\nprocess_name=%(program_name)s_%(process_num)d\n"
      "numprocs=3\ndirectory=/tmp\nenvironment=A=%(process_num)d\n");
  ASSERT_TRUE(r.plan) << r.Text();
  ASSERT_EQ(r.plan->processes.size(), 3u);
  for (const auto& p : r.plan->processes) {
    EXPECT_EQ(SectionOf(r, p), path_ + ":5") << p.name;
    EXPECT_EQ(OriginOf(r, p, "command"), path_ + ":6") << p.name;
    EXPECT_EQ(OriginOf(r, p, "process_name"), path_ + ":7") << p.name;
    EXPECT_EQ(OriginOf(r, p, "numprocs"), path_ + ":8") << p.name;
    EXPECT_EQ(OriginOf(r, p, "directory"), path_ + ":9") << p.name;
    EXPECT_EQ(OriginOf(r, p, "environment"), path_ + ":10") << p.name;
    EXPECT_EQ(p.origin, r.plan->processes[0].origin) << p.name;
  }
}

TEST_F(CompileTest, DefaultsCarryNoOrigin) {
  auto r = Build("[program:p]\ncommand=/bin/p\n");
  ASSERT_TRUE(r.plan) << r.Text();
  const auto& p = *r.Process("p", "p");
  EXPECT_EQ(OriginOf(r, p, "startsecs"), "<none>");
  EXPECT_EQ(OriginOf(r, p, "autorestart"), "<none>");
  EXPECT_EQ(OriginOf(r, p, "stdout_logfile"), "<none>");
  EXPECT_EQ(OriginOf(r, p, "numprocs"), "<none>");
}

TEST_F(CompileTest, OriginOfDefaultSectionValueIsItsLine) {
  auto r = Build("[DEFAULT]\nstartsecs=7\n[program:p]\ncommand=/bin/p\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(OriginOf(r, *r.Process("p", "p"), "startsecs"), path_ + ":6");
}

TEST_F(CompileTest, DefaultSectionAppliesToPrograms) {
  auto r = Build("[DEFAULT]\nstartsecs=7\n[program:p]\ncommand=/bin/p\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(r.Process("p", "p")->startsecs, 7);
}

TEST_F(CompileTest, StopAsGroupImpliesKillAsGroup) {
  auto r = Build("[program:p]\ncommand=/bin/p\nstopasgroup=true\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_TRUE(r.Process("p", "p")->killasgroup);
}

TEST_F(CompileTest, StopAsGroupWithoutKillAsGroupIsAnError) {
  auto r = Build("[program:p]\ncommand=/bin/p\nstopasgroup=true\nkillasgroup=false\n");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"stopasgroup-without-killasgroup"});
}

TEST_F(CompileTest, RedirectStderrDropsStderrLog) {
  auto r = Build("[program:p]\ncommand=/bin/p\nredirect_stderr=true\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(r.Process("p", "p")->stderr_log.logfile, "none");
}

TEST_F(CompileTest, LogfilePathIsExpandedTwice) {
  // supervisord expands stdout_logfile twice: '%%%%' becomes one '%'.
  auto r = Build("[program:p]\ncommand=/bin/p\nstdout_logfile=" + dir_.path() + "/p%%%%.log\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(r.Process("p", "p")->stdout_log.logfile, "path");
  EXPECT_EQ(r.Process("p", "p")->stdout_log.path, dir_.path() + "/p%.log");
}

TEST_F(CompileTest, SyslogLogfileBecomesSyslogFlag) {
  auto r = Build("[program:p]\ncommand=/bin/p\nstdout_logfile=SYSLOG\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(r.Process("p", "p")->stdout_log.logfile, "none");
  EXPECT_TRUE(r.Process("p", "p")->stdout_log.syslog);
  EXPECT_NE(FindCode(r.sink, "deprecated-syslog-logfile"), nullptr);
}

TEST_F(CompileTest, MissingCommandIsAnError) {
  auto r = Build("[program:p]\n");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"missing-command"});
}

TEST_F(CompileTest, BadValueIsReportedWithItsCode) {
  auto r = Build("[program:p]\ncommand=/bin/p\nstartsecs=soon\n");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"bad-integer"});
}

TEST_F(CompileTest, EveryBadValueOfASectionIsReported) {
  auto r = Build("[program:p]\ncommand=/bin/p\nstartsecs=soon\nautostart=maybe\n");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(r.sink.errors(), 2);
}

TEST_F(CompileTest, UnknownExpansionNameIsAnError) {
  auto r = Build("[program:p]\ncommand=/bin/p %(nope)s\n");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"unknown-expansion"});
}

TEST_F(CompileTest, UnknownExpansionPointsAtThePercent) {
  auto r = Build("[program:p]\ncommand=/bin/p %(nope)s\n");
  const Diagnostic* d = FindCode(r.sink, "unknown-expansion");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->loc.line, 6);
  EXPECT_EQ(d->loc.col, 16);
}

TEST_F(CompileTest, ProcessNumIsNotVisibleAtProgramLevel) {
  // supervisord reads startsecs etc. before the numprocs loop: no process_num there.
  auto r = Build("[program:p]\ncommand=/bin/p\nstartsecs=%(process_num)d\n");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"unknown-expansion"});
}

TEST_F(CompileTest, BadPriorityIsReportedOnce) {
  auto r = Build("[program:p]\ncommand=/bin/p\npriority=x\n");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"bad-integer"});
}

TEST_F(CompileTest, UnknownOptionIsAWarningWithSuggestion) {
  auto r = Build("[program:p]\ncommand=/bin/p\nautorestrat=true\n");
  ASSERT_TRUE(r.plan) << r.Text();
  const Diagnostic* d = FindCode(r.sink, "unknown-option");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("did you mean 'autorestart'?"), std::string::npos) << d->message;
}

TEST_F(CompileTest, UnknownSectionIsAWarningWithSuggestion) {
  auto r = Build("[Program:p]\ncommand=/bin/p\n");
  ASSERT_TRUE(r.plan) << r.Text();
  const Diagnostic* d = FindCode(r.sink, "unknown-section");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("[program:p]"), std::string::npos) << d->message;
}

TEST_F(CompileTest, InvalidProgramNameIsAnError) {
  auto r = Build("[program:a b]\ncommand=/bin/p\n");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"bad-name"});
}

TEST_F(CompileTest, InetServerParsesPort) {
  auto r = Build("[inet_http_server]\nport=127.0.0.1:9001\n");
  ASSERT_TRUE(r.plan) << r.Text();
  ASSERT_EQ(r.plan->servers.size(), 1u);
  EXPECT_EQ(r.plan->servers[0].family, "inet");
  EXPECT_EQ(r.plan->servers[0].host, "127.0.0.1");
  EXPECT_EQ(r.plan->servers[0].port, 9001);
}

TEST_F(CompileTest, UnixServerFileIsMadeAbsolute) {
  auto r = Build("[unix_http_server]\nfile=%(here)s/sub/../s.sock\n");
  ASSERT_TRUE(r.plan) << r.Text();
  ASSERT_EQ(r.plan->servers.size(), 1u);
  EXPECT_EQ(r.plan->servers[0].file, dir_.path() + "/s.sock");
  EXPECT_EQ(r.plan->servers[0].chmod, 0700);
}

TEST_F(CompileTest, IncompleteAuthIsAnError) {
  auto r = Build("[inet_http_server]\nport=127.0.0.1:9001\nusername=u\n");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"incomplete-auth"});
}

TEST_F(CompileTest, MissingConfigFileIsAnError) {
  auto r = CompileFile(dir_.path() + "/nope.conf");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"file-not-found"});
}

TEST_F(CompileTest, SamePlanTwice) {
  auto a = Build("[program:p]\ncommand=/bin/p\nnumprocs=2\nprocess_name=p%(process_num)d\n");
  auto b = CompileFile(path_);
  ASSERT_TRUE(a.plan && b.plan);
  EXPECT_EQ(*a.plan, *b.plan);
  EXPECT_FALSE(a.plan->source.hash.empty());
}

TEST_F(CompileTest, MachineChecksSeeDirectoriesCreatedAfterAnEarlierCompile) {
  // svcd recompiles on reread; a directory made in between must be seen.
  std::string missing = dir_.path() + "/later";
  path_ = dir_.Write("supervisord.conf",
                     SupervisordSection(dir_.path()) +
                         "[program:p]\ncommand=/bin/true\ndirectory=" + missing + "\n");
  CompileOptions options = TestOptions(path_);
  options.machine_checks = true;
  options.strict = true;
  auto before = CompileFile(options);
  ASSERT_FALSE(before.plan);
  ASSERT_EQ(mkdir(missing.c_str(), 0755), 0);
  auto after = CompileFile(options);
  EXPECT_TRUE(after.plan) << after.Text();
}

}  // namespace
}  // namespace svc::compiler
