// Tab completion candidates, as supervisorctl's Controller.complete computes them.
#include "ctl/completion.h"

#include <gtest/gtest.h>

namespace svc::ctl {
namespace {

const std::vector<ProcessName> kProcesses = {{"grp", "a"}, {"grp", "b"}, {"sleeper", "sleeper"}};

TEST(Completion, ActionsAtLineStart) {
  auto m = CompletionCandidates("st", "st", kProcesses);
  EXPECT_EQ(m, (std::vector<std::string>{"start", "status", "stop"}));
}

TEST(Completion, ProcessNamesAfterProcessCommands) {
  auto m = CompletionCandidates("start ", "", kProcesses);
  EXPECT_EQ(m, (std::vector<std::string>{"grp:a", "grp:*", "grp:b", "sleeper"}));
}

TEST(Completion, ColonInTextQualifiesEveryName) {
  auto m = CompletionCandidates("stop sleeper:", "sleeper:", kProcesses);
  EXPECT_EQ(m, (std::vector<std::string>{"sleeper:sleeper", "sleeper:*"}));
}

TEST(Completion, GroupsAfterUpdate) {
  auto m = CompletionCandidates("update ", "", kProcesses);
  EXPECT_EQ(m, (std::vector<std::string>{"grp", "sleeper"}));
  EXPECT_TRUE(CompletionNeedsProcesses("update "));
  EXPECT_FALSE(CompletionNeedsProcesses("vers"));
}

TEST(Completion, ActionsAfterHelpAndNothingAfterVersion) {
  EXPECT_EQ(CompletionCandidates("help sh", "sh", kProcesses),
            (std::vector<std::string>{"shutdown"}));
  EXPECT_TRUE(CompletionCandidates("version ", "", kProcesses).empty());
}

}  // namespace
}  // namespace svc::ctl
