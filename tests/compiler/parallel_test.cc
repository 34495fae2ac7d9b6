// With SetParallel(true), big configs are built, fingerprinted and written on two threads
// (schema/parallel.h): the plan text, fingerprints and diagnostics must be those of one thread.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "schema/fingerprint.h"
#include "schema/parallel.h"
#include "schema/plan_json.h"
#include "tests/compiler/test_util.h"

namespace svc::compiler {
namespace {

using ::svc::compiler::testing::CompileFile;
using ::svc::compiler::testing::CompileResult;
using ::svc::compiler::testing::SupervisordSection;
using ::svc::compiler::testing::TempDir;
using ::svc::compiler::testing::TestOptions;

// `programs` [program:x] sections (more than kParallelMinItems, so the work is shared), with
// varied options; every 50th has a warning and, when `errors`, every 70th an error.
std::string BigConfig(const std::string& dir, int programs, bool errors) {
  std::string text = SupervisordSection(dir) + "[group:grouped]\nprograms=p0001,p0003\n";
  for (int i = 0; i < programs; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "p%04d", i);
    text += "[program:" + std::string(name) + "]\ncommand=/bin/app --id " + std::to_string(i) +
            " \"quoted \\\"arg\\\"\"\npriority=" + std::to_string(i % 7) + "\n";
    if (i % 3 == 0) text += "numprocs=3\nprocess_name=%(program_name)s_%(process_num)d\n";
    if (i % 5 == 0) text += "environment=A=\"x,y\",B=\"caf\xc3\xa9\",C=plain\n";
    if (i % 50 == 0) text += "unknown_option=1\n";
    if (errors && i % 70 == 0) text += "startsecs=soon\n";
  }
  return text;
}

struct Outcome {
  std::string json;
  std::string diagnostics;
  int errors = 0;
  int warnings = 0;
};

Outcome CompileBig(const TempDir& dir, const std::string& text, bool serial) {
  std::string path = dir.Write("supervisord.conf", text);
  svc::plan::SetParallel(!serial);
  CompileResult r = CompileFile(TestOptions(path));
  Outcome out{r.plan ? svc::plan::ToJson(*r.plan) : "", r.Text(), r.sink.errors(),
              r.sink.warnings()};
  svc::plan::SetParallel(false);
  return out;
}

TEST(Parallel, BigPlanIsTheSameOnOneOrTwoThreads) {
  TempDir dir;
  std::string text = BigConfig(dir.path(), 700, false);
  Outcome two = CompileBig(dir, text, false);
  Outcome one = CompileBig(dir, text, true);
  ASSERT_FALSE(two.json.empty()) << two.diagnostics;
  EXPECT_EQ(two.json, one.json);
  EXPECT_EQ(two.diagnostics, one.diagnostics);
  EXPECT_EQ(two.warnings, 15) << two.diagnostics;  // unknown_option (every 50th), fd-budget
  // The writer's text is nlohmann::json's, whatever thread wrote which process.
  nlohmann::json doc = nlohmann::json::parse(two.json);
  EXPECT_EQ(two.json, doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  EXPECT_EQ(doc["processes"].size(), 700u + 2 * 234);
}

// svc build streams the plan to its file in pieces while the chunks are being encoded.
TEST(Parallel, StreamedPlanIsTheSerialText) {
  TempDir dir;
  std::string path = dir.Write("supervisord.conf", BigConfig(dir.path(), 2000, false));
  svc::plan::SetParallel(true);
  CompileResult r = CompileFile(TestOptions(path));
  ASSERT_TRUE(r.plan) << r.Text();
  std::string streamed;
  size_t pieces = 0;
  svc::plan::WriteJson(*r.plan, [&](std::string_view piece) {
    streamed.append(piece);
    ++pieces;
  });
  svc::plan::SetParallel(false);
  std::string serial = svc::plan::ToJson(*r.plan);
  EXPECT_EQ(streamed, serial);
  EXPECT_GT(pieces, 2u);
}

TEST(Parallel, FingerprintsAreEachProcesssOwn) {
  TempDir dir;
  std::string path = dir.Write("supervisord.conf", BigConfig(dir.path(), 400, false));
  svc::plan::SetParallel(true);
  CompileResult r = CompileFile(TestOptions(path));
  svc::plan::SetParallel(false);
  ASSERT_TRUE(r.plan) << r.Text();
  for (const svc::plan::Process& p : r.plan->processes) {
    ASSERT_EQ(p.fingerprint, svc::plan::Fingerprint(p)) << p.group << ":" << p.name;
  }
  EXPECT_EQ(r.plan->source.hash, svc::plan::PlanHash(*r.plan));
}

TEST(Parallel, DiagnosticsComeInSectionOrderOnce) {
  TempDir dir;
  std::string text = BigConfig(dir.path(), 600, true);
  Outcome two = CompileBig(dir, text, false);
  Outcome one = CompileBig(dir, text, true);
  EXPECT_TRUE(two.json.empty());
  EXPECT_EQ(two.errors, 9);  // startsecs=soon, every 70th program
  EXPECT_EQ(two.diagnostics, one.diagnostics);
  EXPECT_EQ(two.errors, one.errors);
  EXPECT_EQ(two.warnings, one.warnings);
}

// A bad [DEFAULT] value is read by every program, on both threads: still one error.
TEST(Parallel, FindingSharedByBothHalvesIsReportedOnce) {
  TempDir dir;
  std::string text = "[DEFAULT]\nstartretries=many\n" + BigConfig(dir.path(), 600, false);
  Outcome two = CompileBig(dir, text, false);
  Outcome one = CompileBig(dir, text, true);
  EXPECT_EQ(two.errors, 1) << two.diagnostics;
  EXPECT_EQ(two.diagnostics, one.diagnostics);
}

}  // namespace
}  // namespace svc::compiler
