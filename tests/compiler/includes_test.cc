// [include] (compiler/includes.cc) end to end: globs relative to the main file, sorted matches,
// %(here)s as each included file's directory, later files overriding earlier ones.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/compiler/test_util.h"

namespace svc::compiler {
namespace {

using ::svc::compiler::testing::ErrorCodes;
using ::svc::compiler::testing::FindCode;
using ::svc::compiler::testing::WarningCodes;
using Strings = std::vector<std::string>;

class IncludesTest : public ::svc::compiler::testing::ConfigTest {};

TEST_F(IncludesTest, IncludeReadsMatchingFilesRelativeToMainFile) {
  dir_.Write("conf.d/b.conf", "[program:b]\ncommand=/bin/b\n");
  dir_.Write("conf.d/a.conf", "[program:a]\ncommand=/bin/a\n");
  auto r = Build("[include]\nfiles=conf.d/*.conf\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(GroupNames(r), (Strings{"a", "b"}));
  ASSERT_EQ(r.plan->source.files.size(), 3u);
  EXPECT_EQ(r.plan->source.files[1].path, dir_.path() + "/conf.d/a.conf");
  EXPECT_EQ(r.plan->source.files[2].path, dir_.path() + "/conf.d/b.conf");
}

TEST_F(IncludesTest, HereInIncludedFileIsThatFilesDirectory) {
  dir_.Write("conf.d/x.conf", "[program:inc]\ncommand=%(here)s/run\n");
  auto r = Build("[include]\nfiles=conf.d/*.conf\n[program:main]\ncommand=%(here)s/run\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(r.Process("inc", "inc")->command, dir_.path() + "/conf.d/run");
  EXPECT_EQ(r.Process("main", "main")->command, dir_.path() + "/run");
}

TEST_F(IncludesTest, IncludeFilesExpandHere) {
  dir_.Write("conf.d/x.conf", "[program:inc]\ncommand=/bin/inc\n");
  auto r = Build("[include]\nfiles=%(here)s/conf.d/*.conf\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(GroupNames(r), Strings{"inc"});
}

TEST_F(IncludesTest, IncludedFileOverridesMainFileValues) {
  dir_.Write("conf.d/x.conf", "[program:p]\ncommand=/bin/included\n");
  auto r = Build("[include]\nfiles=conf.d/*.conf\n[program:p]\ncommand=/bin/main\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(r.Process("p", "p")->command, "/bin/included");
}

TEST_F(IncludesTest, IncludeWithoutMatchIsAWarning) {
  auto r = Build("[include]\nfiles=nothing/*.conf\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(WarningCodes(r.sink), Strings{"include-no-match"});
}

TEST_F(IncludesTest, IncludeWithoutFilesIsAnError) {
  auto r = Build("[include]\n");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"include-no-files"});
}

TEST_F(IncludesTest, IncludeInIncludedFileIsIgnored) {
  dir_.Write("conf.d/x.conf", "[include]\nfiles=more/*.conf\n");
  dir_.Write("conf.d/more/y.conf", "[program:y]\ncommand=/bin/y\n");
  auto r = Build("[include]\nfiles=conf.d/*.conf\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_TRUE(r.plan->groups.empty());
  EXPECT_NE(FindCode(r.sink, "nested-include"), nullptr);
}

TEST_F(IncludesTest, OriginOfIncludedSectionNamesTheIncludedFile) {
  std::string inc = dir_.Write("conf.d/x.conf", "[program:p]\ncommand=/bin/p\nstartsecs=3\n");
  auto r = Build("[include]\nfiles=conf.d/*.conf\n");
  ASSERT_TRUE(r.plan) << r.Text();
  const auto& p = *r.Process("p", "p");
  EXPECT_EQ(SectionOf(r, p), inc + ":1");
  EXPECT_EQ(OriginOf(r, p, "startsecs"), inc + ":3");
}

TEST_F(IncludesTest, OriginOfOverriddenOptionIsTheLaterFile) {
  std::string inc = dir_.Write("conf.d/x.conf", "[program:p]\nstartsecs=3\n");
  auto r = Build("[include]\nfiles=conf.d/*.conf\n[program:p]\ncommand=/bin/p\nstartsecs=9\n");
  ASSERT_TRUE(r.plan) << r.Text();
  const auto& p = *r.Process("p", "p");
  EXPECT_EQ(SectionOf(r, p), path_ + ":7");
  EXPECT_EQ(p.startsecs, 3);
  EXPECT_EQ(OriginOf(r, p, "startsecs"), inc + ":2");
}

}  // namespace
}  // namespace svc::compiler
