// Big configs (hundreds of programs, numprocs, groups, warnings, errors): the streamed plan text
// is nlohmann::json's, every fingerprint is its own process's, and diagnostics come once each.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "schema/fingerprint.h"
#include "schema/plan_json.h"
#include "tests/compiler/test_util.h"

namespace svc::compiler {
namespace {

using ::svc::compiler::testing::CompileFile;
using ::svc::compiler::testing::CompileResult;
using ::svc::compiler::testing::SupervisordSection;
using ::svc::compiler::testing::TempDir;
using ::svc::compiler::testing::TestOptions;

// `programs` [program:x] sections with varied options; every 50th has a warning and, when `errors`,
// every 70th an error.
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

Outcome CompileBig(const TempDir& dir, const std::string& text) {
  std::string path = dir.Write("supervisord.conf", text);
  CompileResult r = CompileFile(TestOptions(path));
  return Outcome{r.plan ? svc::plan::ToJson(*r.plan) : "", r.Text(), r.sink.errors(),
                 r.sink.warnings()};
}

TEST(BigConfig, PlanIsNlohmannText) {
  TempDir dir;
  Outcome big = CompileBig(dir, BigConfig(dir.path(), 700, false));
  ASSERT_FALSE(big.json.empty()) << big.diagnostics;
  EXPECT_EQ(big.warnings, 15) << big.diagnostics;  // unknown_option (every 50th), fd-budget
  nlohmann::json doc = nlohmann::json::parse(big.json);
  EXPECT_EQ(big.json, doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  EXPECT_EQ(doc["processes"].size(), 700u + 2 * 234);
}

// svc build streams the plan to its file in pieces.
TEST(BigConfig, StreamedPlanIsToJsonText) {
  TempDir dir;
  std::string path = dir.Write("supervisord.conf", BigConfig(dir.path(), 2000, false));
  CompileResult r = CompileFile(TestOptions(path));
  ASSERT_TRUE(r.plan) << r.Text();
  std::string streamed;
  size_t pieces = 0;
  svc::plan::WriteJson(*r.plan, [&](std::string_view piece) {
    streamed.append(piece);
    ++pieces;
  });
  EXPECT_EQ(streamed, svc::plan::ToJson(*r.plan));
  EXPECT_GT(pieces, 2u);
}

TEST(BigConfig, FingerprintsAreEachProcesssOwn) {
  TempDir dir;
  std::string path = dir.Write("supervisord.conf", BigConfig(dir.path(), 400, false));
  CompileResult r = CompileFile(TestOptions(path));
  ASSERT_TRUE(r.plan) << r.Text();
  for (const svc::plan::Process& p : r.plan->processes) {
    ASSERT_EQ(p.fingerprint, svc::plan::Fingerprint(p)) << p.group << ":" << p.name;
  }
  EXPECT_EQ(r.plan->source.hash, svc::plan::PlanHash(*r.plan));
}

TEST(BigConfig, EveryErrorIsReportedInSectionOrder) {
  TempDir dir;
  Outcome big = CompileBig(dir, BigConfig(dir.path(), 600, true));
  EXPECT_TRUE(big.json.empty());
  EXPECT_EQ(big.errors, 9);  // startsecs=soon, every 70th program
  size_t at = 0;
  for (int i = 0; i < 600; i += 70) {
    char name[32];
    std::snprintf(name, sizeof name, "[program:p%04d]", i);
    size_t next = big.diagnostics.find(name, at);
    ASSERT_NE(next, std::string::npos) << name << "\n" << big.diagnostics;
    at = next;
  }
}

// A bad [DEFAULT] value is read by every program: still one error.
TEST(BigConfig, FindingSharedByEveryProgramIsReportedOnce) {
  TempDir dir;
  Outcome big =
      CompileBig(dir, "[DEFAULT]\nstartretries=many\n" + BigConfig(dir.path(), 600, false));
  EXPECT_EQ(big.errors, 1) << big.diagnostics;
}

}  // namespace
}  // namespace svc::compiler
