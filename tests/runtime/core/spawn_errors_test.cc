// spawnerr texts of 4.2.5's spawn() and Python's repr() they rely on.
#include "runtime/core/spawn_errors.h"

#include <gtest/gtest.h>

namespace svc::runtime::core {
namespace {

TEST(SpawnErrorText, CommandChecksQuoteTheFileWithRepr) {
  EXPECT_EQ(SpawnErrorText(SpawnFailure::kNotFound, "nope"), "can't find command 'nope'");
  EXPECT_EQ(SpawnErrorText(SpawnFailure::kIsDirectory, "/tmp"), "command at '/tmp' is a directory");
  EXPECT_EQ(SpawnErrorText(SpawnFailure::kNotExecutable, "/etc/passwd"),
            "command at '/etc/passwd' is not executable");
  EXPECT_EQ(SpawnErrorText(SpawnFailure::kNoPermission, "/x"), "no permission to run command '/x'");
}

TEST(SpawnErrorText, EmptyAndUnparsableCommands) {
  EXPECT_EQ(SpawnErrorText(SpawnFailure::kCommandEmpty, ""), "command is empty");
  EXPECT_EQ(SpawnErrorText(SpawnFailure::kCommandUnparsable, "echo 'a", "No closing quotation"),
            "can't parse command \"echo 'a\": No closing quotation");
}

TEST(SpawnErrorText, ResourceErrorsNameTheProcess) {
  EXPECT_EQ(SpawnErrorText(SpawnFailure::kTooManyFiles, "web"),
            "too many open files to spawn 'web'");
  EXPECT_EQ(SpawnErrorText(SpawnFailure::kPipeError, "web", "ENOMEM"),
            "unknown error making dispatchers for 'web': ENOMEM");
  EXPECT_EQ(SpawnErrorText(SpawnFailure::kTooManyProcesses, "web"),
            "Too many processes in process table to spawn 'web'");
  EXPECT_EQ(SpawnErrorText(SpawnFailure::kForkError, "web", "ENOMEM"),
            "unknown error during fork for 'web': ENOMEM");
}

TEST(PythonRepr, QuotesAndEscapes) {
  EXPECT_EQ(PythonRepr("abc"), "'abc'");
  EXPECT_EQ(PythonRepr("it's"), "\"it's\"");
  EXPECT_EQ(PythonRepr("a'b\"c"), "'a\\'b\"c'");
  EXPECT_EQ(PythonRepr("tab\there\n"), "'tab\\there\\n'");
  EXPECT_EQ(PythonRepr("back\\slash"), "'back\\\\slash'");
  EXPECT_EQ(PythonRepr(std::string("\x01", 1)), "'\\x01'");
}

}  // namespace
}  // namespace svc::runtime::core
