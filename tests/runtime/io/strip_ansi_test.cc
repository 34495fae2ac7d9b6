// strip_ansi: the same output as supervisord's stripEscapes for whole buffers (expected values
// taken from supervisor 4.2.5), and the same result however the stream is split into reads.
#include "runtime/io/strip_ansi.h"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace svc::runtime::io {
namespace {

const std::vector<std::pair<std::string, std::string>>& Cases() {
  static const std::vector<std::pair<std::string, std::string>> cases = {
      {"plain", "plain"},
      {"\x1b[31mred\x1b[0m", "red"},
      {"a\x1b[1;32;40mb", "ab"},
      {"\x1b[2J\x1b[Hx", "x"},
      {"esc\x1b alone", "esc\x1b alone"},
      {"\x1b\x1b[mX", "\x1bX"},
      {"open\x1b[12;3", "open"},
      {"\x1b[?25lhide\x1b[?25h", "hide"},
      {"a\033b\033[Kc", "a\033bc"},
      {"\x1b[", ""},
      {"x\x1b", "x\x1b"},
      {"", ""},
  };
  return cases;
}

TEST(StripAnsiTest, MatchesStripEscapes) {
  for (const auto& [in, out] : Cases()) EXPECT_EQ(StripAnsi(in), out) << in;
}

// Feeds `in` in two reads split at `at`, the way OutputCapture does.
std::string StripInTwoReads(const std::string& in, std::size_t at) {
  AnsiStripper stripper;
  std::string out;
  for (const std::string& part : {in.substr(0, at), in.substr(at)}) {
    std::string buffer = " " + part;
    out.append(buffer.data(), stripper.StripShifted(buffer.data(), part.size()));
  }
  out += stripper.Finish();
  return out;
}

TEST(StripAnsiTest, SplitReadsGiveTheSameResult) {
  for (const auto& [in, out] : Cases()) {
    for (std::size_t at = 0; at <= in.size(); ++at) {
      EXPECT_EQ(StripInTwoReads(in, at), out) << "split at " << at << " of " << in;
    }
  }
}

TEST(StripAnsiTest, UnfinishedSequenceSwallowsUntilItsTerminator) {
  AnsiStripper stripper;
  std::string first = " ab\x1b[3";
  EXPECT_EQ(std::string(first.data(), stripper.StripShifted(first.data(), 5)), "ab");
  std::string second = " 1mcd";
  EXPECT_EQ(std::string(second.data(), stripper.StripShifted(second.data(), 4)), "cd");
  EXPECT_EQ(stripper.Finish(), "");
}

}  // namespace
}  // namespace svc::runtime::io
