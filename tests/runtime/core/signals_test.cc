// Signal names and parsing as Python's signal module and datatypes.signal_number do them.
#include "runtime/core/signals.h"

#include <csignal>

#include <gtest/gtest.h>

namespace svc::runtime::core {
namespace {

TEST(SignalName, UsesPythonNames) {
  EXPECT_EQ(SignalName(SIGTERM), "SIGTERM");
  EXPECT_EQ(SignalName(SIGKILL), "SIGKILL");
  EXPECT_EQ(SignalName(SIGHUP), "SIGHUP");
}

TEST(SignalName, AliasesResolveAsPythonDoes) {
  EXPECT_EQ(SignalName(6), "SIGABRT");
  EXPECT_EQ(SignalName(17), "SIGCHLD");
  EXPECT_EQ(SignalName(29), "SIGPOLL");
  EXPECT_EQ(SignalName(34), "SIGRTMIN");
  EXPECT_EQ(SignalName(64), "SIGRTMAX");
}

TEST(SignalName, UnknownNumberIsSpelledOut) {
  EXPECT_EQ(SignalName(0), "signal 0");
  EXPECT_EQ(SignalName(35), "signal 35");
}

TEST(ParseSignal, AcceptsNamesInAnyCaseWithOrWithoutSig) {
  EXPECT_EQ(ParseSignal("TERM"), SIGTERM);
  EXPECT_EQ(ParseSignal("term"), SIGTERM);
  EXPECT_EQ(ParseSignal("SIGkill"), SIGKILL);
  EXPECT_EQ(ParseSignal(" hup "), SIGHUP);
  EXPECT_EQ(ParseSignal("IOT"), SIGABRT);
}

TEST(ParseSignal, AcceptsNumbersInSignums) {
  EXPECT_EQ(ParseSignal("15"), 15);
  EXPECT_EQ(ParseSignal("64"), 64);
  EXPECT_EQ(ParseSignal("0"), 0);
}

TEST(ParseSignal, RejectsWhatSignalNumberRejects) {
  EXPECT_EQ(ParseSignal("35"), std::nullopt);
  EXPECT_EQ(ParseSignal("-1"), std::nullopt);
  EXPECT_EQ(ParseSignal("BOGUS"), std::nullopt);
  EXPECT_EQ(ParseSignal("RTMIN+1"), std::nullopt);
  EXPECT_EQ(ParseSignal(""), std::nullopt);
}

TEST(ParseSignal, PythonHandlerConstantsCountAsNames) {
  EXPECT_EQ(ParseSignal("_DFL"), 0);
  EXPECT_EQ(ParseSignal("SIG_IGN"), 1);
}

}  // namespace
}  // namespace svc::runtime::core
