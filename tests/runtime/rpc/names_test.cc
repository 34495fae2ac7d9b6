#include "runtime/rpc/names.h"

#include <gtest/gtest.h>

#include "runtime/rpc/dispatcher.h"

namespace svc::runtime::rpc {
namespace {

TEST(Names, BareNameIsGroupAndProcess) {
  NameSpec s = SplitNamespec("foo");
  EXPECT_EQ(s.group, "foo");
  EXPECT_EQ(s.process, "foo");
}

TEST(Names, SplitsAtFirstColon) {
  NameSpec s = SplitNamespec("g:p:q");
  EXPECT_EQ(s.group, "g");
  EXPECT_EQ(s.process, "p:q");
}

TEST(Names, GroupForms) {
  EXPECT_FALSE(SplitNamespec("g:").process);
  EXPECT_FALSE(SplitNamespec("g:*").process);
  EXPECT_EQ(SplitNamespec("g:*").group, "g");
}

TEST(Names, MakeNamespec) {
  EXPECT_EQ(MakeNamespec("a", "a"), "a");
  EXPECT_EQ(MakeNamespec("g", "a"), "g:a");
}

TEST(MethodTable, SortedAndComplete) {
  const auto& table = MethodTable();
  EXPECT_EQ(table.size(), 41u);
  for (std::size_t i = 1; i < table.size(); ++i) EXPECT_LT(table[i - 1].name, table[i].name);
  EXPECT_NE(FindMethod("supervisor.getVersion"), nullptr);
  EXPECT_EQ(FindMethod("system.shutdown"), nullptr);
}

TEST(MethodTable, ParamsFitArityAndTypes) {
  const MethodRow& start = *FindMethod("supervisor.startProcess");
  EXPECT_TRUE(ParamsFit(start, {"x"}));
  EXPECT_TRUE(ParamsFit(start, {"x", false}));
  EXPECT_TRUE(ParamsFit(start, {"x", 0}));
  EXPECT_FALSE(ParamsFit(start, {}));
  EXPECT_FALSE(ParamsFit(start, {"x", true, true}));
  EXPECT_FALSE(ParamsFit(start, {5}));
  const MethodRow& read = *FindMethod("supervisor.readLog");
  EXPECT_FALSE(ParamsFit(read, {"0", 0}));
}

}  // namespace
}  // namespace svc::runtime::rpc
