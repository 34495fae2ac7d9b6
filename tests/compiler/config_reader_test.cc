// ReadConfigFile against Python 3.11's RawConfigParser(inline_comment_prefixes=(';', '#'),
// strict=False) reading a file opened in text mode, as supervisord 4.2.5 does. Every expected
// value below was produced by that parser (see the comment on each tricky case).
#include "compiler/config_reader.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/compiler/test_util.h"

namespace svc::compiler {
namespace {

using ::svc::compiler::testing::ErrorCodes;
using ::svc::compiler::testing::FindCode;
using ::svc::compiler::testing::ReadText;
using ::svc::compiler::testing::WarningCodes;

TEST(ConfigReaderTest, ReadsSectionAndOption) {
  auto r = ReadText("[s]\nk = v\n");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.Value("s", "k"), "v");
  EXPECT_TRUE(r.sink.all().empty());
}

TEST(ConfigReaderTest, SkipsFullLineComments) {
  // Python: {'s': {'k': '1'}}
  auto r = ReadText("[s]\n;c\n#c\n  ;c\nk=1\n");
  EXPECT_TRUE(r.ok);
  ASSERT_NE(r.Section("s"), nullptr);
  EXPECT_EQ(r.Section("s")->options.size(), 1u);
  EXPECT_EQ(r.Value("s", "k"), "1");
}

TEST(ConfigReaderTest, InlineSemicolonAfterSpaceStartsComment) {
  auto r = ReadText("[s]\nk=b ;c\n");
  EXPECT_EQ(r.Value("s", "k"), "b");
}

TEST(ConfigReaderTest, InlineHashAfterTabStartsComment) {
  auto r = ReadText("[s]\nk=b\t#c\n");
  EXPECT_EQ(r.Value("s", "k"), "b");
}

TEST(ConfigReaderTest, SemicolonWithoutSpaceIsPartOfValue) {
  auto r = ReadText("[s]\nk=b;c\n");
  EXPECT_EQ(r.Value("s", "k"), "b;c");
}

TEST(ConfigReaderTest, HashWithoutSpaceIsPartOfValue) {
  auto r = ReadText("[s]\nk=v3#x\n");
  EXPECT_EQ(r.Value("s", "k"), "v3#x");
}

TEST(ConfigReaderTest, InlineCommentSearchGoesRoundByRound) {
  // Round 1 finds '#' at 2 and ';' at 7 (no space before '#', space before ';'), so the value
  // keeps " #d": Python gives 'ab#c #d'.
  auto r = ReadText("[s]\nk=ab#c #d ;e\n");
  EXPECT_EQ(r.Value("s", "k"), "ab#c #d");
}

TEST(ConfigReaderTest, InlineCommentRoundStopsAtFirstHit) {
  // Python: 'a;x' (round 2 finds ' #' at 4 before ' ;' at 8).
  auto r = ReadText("[s]\nk=a;x #b;c ;d\n");
  EXPECT_EQ(r.Value("s", "k"), "a;x");
}

TEST(ConfigReaderTest, InlineCommentAfterNonBreakingSpace) {
  // U+00A0 is white space for str.isspace(): Python gives 'a'.
  auto r = ReadText(
      "[s]\nk=\xc2\xa0"
      "a\xc2\xa0;b\n");
  EXPECT_EQ(r.Value("s", "k"), "a");
}

TEST(ConfigReaderTest, CommandWithQuotedSemicolonIsTruncated) {
  // Reference 1.2: `command=bash -c 'a ; b'` is cut at the ';'.
  auto r = ReadText("[program:x]\ncommand=bash -c 'a ; b'\n");
  EXPECT_EQ(r.Value("program:x", "command"), "bash -c 'a");
}

TEST(ConfigReaderTest, ContinuationLinesJoinWithNewline) {
  auto r = ReadText("[s]\nk=a\n  b\n c\n");
  EXPECT_EQ(r.Value("s", "k"), "a\nb\nc");
}

TEST(ConfigReaderTest, ContinuationKeepsEmbeddedBlankLinesAndDropsTrailingOnes) {
  // Python: 'line1\nline2\n\nline3'
  auto r = ReadText("[s]\nk = line1\n  line2\n\n  line3\n\n\n[t]\nx=1\n");
  EXPECT_EQ(r.Value("s", "k"), "line1\nline2\n\nline3");
  EXPECT_EQ(r.Value("t", "x"), "1");
}

TEST(ConfigReaderTest, TrailingBlankLinesAtEndOfFileAreDropped) {
  auto r = ReadText("[s]\nk=a\n  b\n\n  \n\n[t]\n");
  EXPECT_EQ(r.Value("s", "k"), "a\nb");
}

TEST(ConfigReaderTest, IndentedCommentLineInsideContinuationIsSkipped) {
  // Python: 'line1\nline2'
  auto r = ReadText("[s]\nk = line1\n  ; comment\n  line2\n");
  EXPECT_EQ(r.Value("s", "k"), "line1\nline2");
}

TEST(ConfigReaderTest, UnindentedCommentLineDoesNotEndContinuation) {
  // Python: 'line1\nline2'
  auto r = ReadText("[s]\nk = line1\n# comment\n  line2\n");
  EXPECT_EQ(r.Value("s", "k"), "line1\nline2");
}

TEST(ConfigReaderTest, CommentLineAddsNoBlankLineButBlankLineDoes) {
  // Python: 'a\nb\n\nc' (the ';x' line adds nothing, the empty line adds '').
  auto r = ReadText("[s]\nk=a\n  b\n  ;x\n\n  c\n");
  EXPECT_EQ(r.Value("s", "k"), "a\nb\n\nc");
}

TEST(ConfigReaderTest, IndentedHeaderInsideValueIsContinuation) {
  // Python: {'s': {'k': 'a\n[t]'}}
  auto r = ReadText("[s]\nk=a\n  [t]\n");
  EXPECT_EQ(r.Value("s", "k"), "a\n[t]");
  EXPECT_EQ(r.Section("t"), nullptr);
}

TEST(ConfigReaderTest, EquallyIndentedLinesAreSeparateOptions) {
  auto r = ReadText("[s]\n\tk=a\n\tj=b\n");
  EXPECT_EQ(r.Value("s", "k"), "a");
  EXPECT_EQ(r.Value("s", "j"), "b");
}

TEST(ConfigReaderTest, KeysAreCaseFolded) {
  auto r = ReadText("[s]\nKey=1\n");
  EXPECT_EQ(r.Value("s", "key"), "1");
  EXPECT_EQ(r.Section("s")->options[0].key, "key");
}

TEST(ConfigReaderTest, SectionNamesAreCaseSensitive) {
  auto r = ReadText("[S]\nk=1\n[s]\nk=2\n");
  EXPECT_EQ(r.Value("S", "k"), "1");
  EXPECT_EQ(r.Value("s", "k"), "2");
  EXPECT_EQ(r.config.sections.size(), 2u);
}

TEST(ConfigReaderTest, DuplicateSectionsAreMergedWithWarning) {
  // Python: {'s': {'k': '2', 'j': '3'}}
  auto r = ReadText("[s]\nk=1\n[s]\nk=2\nj=3\n");
  EXPECT_TRUE(r.ok);
  ASSERT_EQ(r.config.sections.size(), 1u);
  EXPECT_EQ(r.Value("s", "k"), "2");
  EXPECT_EQ(r.Value("s", "j"), "3");
  EXPECT_EQ(WarningCodes(r.sink),
            (std::vector<std::string>{"duplicate-section", "duplicate-option"}));
}

TEST(ConfigReaderTest, DuplicateSectionKeepsFirstHeaderLocation) {
  auto r = ReadText("[s]\nk=1\n[s]\nj=3\n");
  ASSERT_NE(r.Section("s"), nullptr);
  EXPECT_EQ(r.Section("s")->loc.line, 1);
  const Diagnostic* d = FindCode(r.sink, "duplicate-section");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->loc.line, 3);
  ASSERT_EQ(d->notes.size(), 1u);
  EXPECT_EQ(d->notes[0].loc.line, 1);
}

TEST(ConfigReaderTest, DuplicateKeyLaterValueWinsInFirstPosition) {
  // Python: {'k': '2', 'j': '0'} (dict order keeps k first).
  auto r = ReadText("[s]\nk=1\nk=2\nj=0\n");
  ASSERT_NE(r.Section("s"), nullptr);
  ASSERT_EQ(r.Section("s")->options.size(), 2u);
  EXPECT_EQ(r.Section("s")->options[0].key, "k");
  EXPECT_EQ(r.Section("s")->options[0].value, "2");
  EXPECT_EQ(r.Section("s")->options[0].key_loc.line, 3);
  EXPECT_EQ(WarningCodes(r.sink), std::vector<std::string>{"duplicate-option"});
}

TEST(ConfigReaderTest, DuplicateKeyDifferingOnlyInCaseIsDuplicate) {
  auto r = ReadText("[s]\nK=1\nk=2\n");
  EXPECT_EQ(r.Value("s", "k"), "2");
  EXPECT_EQ(WarningCodes(r.sink), std::vector<std::string>{"duplicate-option"});
}

TEST(ConfigReaderTest, DefaultSectionIsAFallback) {
  auto r = ReadText("[DEFAULT]\nd=1\n[s]\nk=1\n");
  EXPECT_EQ(r.Value("s", "d"), "1");
  EXPECT_EQ(r.config.sections.size(), 1u);
  EXPECT_EQ(r.config.defaults.options.size(), 1u);
}

TEST(ConfigReaderTest, SectionValueOverridesDefault) {
  // Python: s: {'k': '1', 'd': '3'}, t: {'k': '2', 'd': '3'}
  auto r = ReadText("[s]\nk=1\n[DEFAULT]\nk=2\nd=3\n[t]\n");
  EXPECT_EQ(r.Value("s", "k"), "1");
  EXPECT_EQ(r.Value("s", "d"), "3");
  EXPECT_EQ(r.Value("t", "k"), "2");
}

TEST(ConfigReaderTest, ColonIsADelimiter) {
  auto r = ReadText("[s]\nk:v\n");
  EXPECT_EQ(r.Value("s", "k"), "v");
}

TEST(ConfigReaderTest, FirstDelimiterSplitsKeyFromValue) {
  // Python: 'k : v = w' -> {'k': 'v = w'}; 'k=a:b' -> {'k': 'a:b'}
  auto r = ReadText("[s]\nk : v = w\nj=a:b\n");
  EXPECT_EQ(r.Value("s", "k"), "v = w");
  EXPECT_EQ(r.Value("s", "j"), "a:b");
}

TEST(ConfigReaderTest, WhiteSpaceAroundKeyAndValueIsStripped) {
  auto r = ReadText("[s]\n k = v \n");
  EXPECT_EQ(r.Value("s", "k"), "v");
}

TEST(ConfigReaderTest, EmptyValueIsEmptyString) {
  auto r = ReadText("[s]\nk=\n");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.Value("s", "k"), "");
}

TEST(ConfigReaderTest, KeyWithoutDelimiterIsParseError) {
  auto r = ReadText("[s]\nk\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(ErrorCodes(r.sink), std::vector<std::string>{"parse-error"});
  EXPECT_EQ(r.sink.all()[0].loc.line, 2);
}

TEST(ConfigReaderTest, EveryBadLineIsReported) {
  // Python lists both: [line  2]: 'k\n' and [line  3]: 'j\n'.
  auto r = ReadText("[s]\nk\nj\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(ErrorCodes(r.sink), (std::vector<std::string>{"parse-error", "parse-error"}));
}

TEST(ConfigReaderTest, EmptyKeyIsAnError) {
  // Python: ParsingError for '=v'.
  auto r = ReadText("[s]\n=v\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(ErrorCodes(r.sink), std::vector<std::string>{"empty-option-name"});
}

TEST(ConfigReaderTest, TextBeforeFirstHeaderIsAnError) {
  auto r = ReadText("x=1\n[s]\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(ErrorCodes(r.sink), std::vector<std::string>{"missing-section-header"});
  EXPECT_EQ(r.sink.all()[0].loc.line, 1);
}

TEST(ConfigReaderTest, TextBeforeFirstHeaderIsReportedOnce) {
  auto r = ReadText("x=1\ny=2\n[s]\n");
  EXPECT_EQ(ErrorCodes(r.sink), std::vector<std::string>{"missing-section-header"});
}

TEST(ConfigReaderTest, EmptyBracketsAreAnOptionName) {
  // Python: {'s': {'[]': 'x'}}
  auto r = ReadText("[s]\n[]=x\n");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.Value("s", "[]"), "x");
}

TEST(ConfigReaderTest, HeaderNameRunsToLastBracket) {
  // Python's SECTCRE is greedy: '[a]b]' names section 'a]b'.
  auto r = ReadText("[a]b]\nk=1\n");
  EXPECT_EQ(r.Value("a]b", "k"), "1");
}

TEST(ConfigReaderTest, TextAfterHeaderIsIgnoredWithWarning) {
  auto r = ReadText("[s] trailing\nk=1\n");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.Value("s", "k"), "1");
  EXPECT_EQ(WarningCodes(r.sink), std::vector<std::string>{"section-trailing-text"});
}

TEST(ConfigReaderTest, LinesLongerThan64KiBAreReadWhole) {
  std::string value(100 * 1024, 'x');
  auto r = ReadText("[s]\nk=" + value + "\nj=after\n");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.Value("s", "k"), value);
  ASSERT_NE(r.Section("s")->Find("j"), nullptr);
  EXPECT_EQ(r.Section("s")->Find("j")->key_loc.line, 3);
}

TEST(ConfigReaderTest, CrLfLineEnds) {
  auto r = ReadText("[s]\r\nk=1\r\n  more\r\nj=2\r\n");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.Value("s", "k"), "1\nmore");
  EXPECT_EQ(r.Value("s", "j"), "2");
  EXPECT_EQ(r.Section("s")->Find("j")->key_loc.line, 4);
}

TEST(ConfigReaderTest, LoneCrEndsALine) {
  // Text-mode files use universal newlines: Python gives {'k': '1', 'j': '2'}.
  auto r = ReadText("[s]\rk=1\rj=2\r");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.Value("s", "k"), "1");
  EXPECT_EQ(r.Value("s", "j"), "2");
  EXPECT_EQ(r.Section("s")->Find("j")->key_loc.line, 3);
}

TEST(ConfigReaderTest, FormFeedAndUnitSeparatorDoNotEndLines) {
  // Python's file reader only splits on \n, \r and \r\n.
  auto r = ReadText(
      "[s]\nk=a\x0c"
      "b\nj=a\x1c"
      "b\n");
  EXPECT_EQ(r.Value("s", "k"),
            "a\x0c"
            "b");
  EXPECT_EQ(r.Value("s", "j"),
            "a\x1c"
            "b");
}

TEST(ConfigReaderTest, Utf8BomMakesFirstHeaderUnrecognised) {
  // supervisord opens the file as 'utf-8', not 'utf-8-sig': the BOM stays and Python raises
  // MissingSectionHeaderError.
  auto r = ReadText("\xef\xbb\xbf[s]\nk=1\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(ErrorCodes(r.sink), std::vector<std::string>{"missing-section-header"});
}

TEST(ConfigReaderTest, InvalidUtf8IsAnError) {
  auto r = ReadText("[s]\nk=\xff\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(ErrorCodes(r.sink), std::vector<std::string>{"invalid-utf8"});
}

TEST(ConfigReaderTest, InvalidUtf8PointsAtTheBadByte) {
  auto r = ReadText("[s]\nk=ok\nj=ab\xc3(\n");
  const Diagnostic* d = FindCode(r.sink, "invalid-utf8");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->loc.line, 3);
  EXPECT_EQ(d->loc.col, 5);
}

TEST(ConfigReaderTest, Utf8SurrogateIsInvalid) {
  // Python's UTF-8 codec rejects encoded surrogates (ED A0 80 = U+D800).
  auto r = ReadText("[s]\nk=\xed\xa0\x80\n");
  EXPECT_EQ(ErrorCodes(r.sink), std::vector<std::string>{"invalid-utf8"});
}

TEST(ConfigReaderTest, OverlongUtf8IsInvalid) {
  auto r = ReadText("[s]\nk=\xc0\xaf\n");
  EXPECT_EQ(ErrorCodes(r.sink), std::vector<std::string>{"invalid-utf8"});
}

TEST(ConfigReaderTest, MultiByteUtf8IsAccepted) {
  auto r = ReadText("[s]\nk=\xe4\xb8\xad\xe6\x96\x87\n");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.Value("s", "k"), "\xe4\xb8\xad\xe6\x96\x87");
}

TEST(ConfigReaderTest, NulByteIsKeptInValue) {
  // Python: {'k': 'a\x00b'}
  auto r = ReadText(std::string("[s]\nk=a\0b\n", 10));
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.Value("s", "k"), std::string("a\0b", 3));
}

TEST(ConfigReaderTest, SectionHeaderLocation) {
  auto r = ReadText("\n  [s]\n");
  ASSERT_NE(r.Section("s"), nullptr);
  EXPECT_EQ(r.Section("s")->loc.file, 0);
  EXPECT_EQ(r.Section("s")->loc.line, 2);
  EXPECT_EQ(r.Section("s")->loc.col, 3);
}

TEST(ConfigReaderTest, KeyAndValueLocations) {
  auto r = ReadText("[s]\n\n  Key =  value ;c\n");
  const RawOption* o = r.Section("s")->Find("key");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->key_loc.line, 3);
  EXPECT_EQ(o->key_loc.col, 3);
  EXPECT_EQ(o->key_len, 3);
  EXPECT_EQ(o->value_loc.line, 3);
  EXPECT_EQ(o->value_loc.col, 10);
}

TEST(ConfigReaderTest, ValueLocationOfContinuedValueIsItsFirstLine) {
  auto r = ReadText("[s]\nk=a\n  b\n");
  const RawOption* o = r.Section("s")->Find("k");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->value_loc.line, 2);
  EXPECT_EQ(o->value_loc.col, 3);
}

TEST(ConfigReaderTest, ColumnsCountBytes) {
  auto r = ReadText("[s]\n\xc2\xa0k=v\n");
  const RawOption* o = r.Section("s")->Find("k");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->key_loc.col, 3);
  EXPECT_EQ(o->value_loc.col, 5);
}

TEST(ConfigReaderTest, ParseErrorLocation) {
  auto bad = ReadText("[s]\n   oops\n");
  ASSERT_EQ(bad.sink.all().size(), 1u);
  EXPECT_EQ(bad.sink.all()[0].loc.line, 2);
  EXPECT_EQ(bad.sink.all()[0].loc.col, 4);
  EXPECT_EQ(bad.sink.all()[0].length, 4);
}

TEST(ConfigReaderTest, DeeperIndentedLineAfterOptionIsNotAnError) {
  auto r = ReadText("[s]\nk=1\n   oops\n");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.Value("s", "k"), "1\noops");
}

TEST(ConfigReaderTest, SectionRecordsFileThatCreatedIt) {
  auto r = ReadText("[s]\n");
  EXPECT_EQ(r.Section("s")->file, 0);
}

TEST(ConfigReaderTest, SecondFileMergesIntoSameConfig) {
  Sources sources;
  RawConfig config;
  DiagnosticSink sink;
  int a = sources.Add("a.conf", "[s]\nk=1\nj=1\n");
  int b = sources.Add("b.conf", "[s]\nk=2\n[t]\n");
  ASSERT_TRUE(ReadConfigFile(sources, a, config, sink));
  std::vector<std::pair<int, std::string>> touched;
  ASSERT_TRUE(ReadConfigFile(sources, b, config, sink, &touched));
  EXPECT_EQ(config.Find("s")->Find("k")->value, "2");
  EXPECT_EQ(config.Find("s")->Find("k")->key_loc.file, 1);
  EXPECT_EQ(config.Find("s")->file, 0);
  EXPECT_EQ(config.Find("t")->file, 1);
  EXPECT_EQ(touched, (std::vector<std::pair<int, std::string>>{{0, "k"}}));
}

TEST(ConfigReaderTest, StripPyStripsUnicodeWhiteSpace) {
  EXPECT_EQ(StripPy("\xe3\x80\x80 a b\t\xc2\x85"), "a b");
}

TEST(ConfigReaderTest, StripPyKeepsByteOrderMark) {
  // U+FEFF is not white space for str.isspace().
  EXPECT_EQ(StripPy("\xef\xbb\xbf"
                    "a"),
            "\xef\xbb\xbf"
            "a");
}

TEST(ConfigReaderTest, PySpaceLengthOfAsciiAndUnicodeSpaces) {
  EXPECT_EQ(PySpaceLength(" ", 0), 1u);
  EXPECT_EQ(PySpaceLength("\x1f", 0), 1u);
  EXPECT_EQ(PySpaceLength("\xe2\x80\xa8", 0), 3u);
  EXPECT_EQ(PySpaceLength("\xe2\x80\x8b", 0), 0u);  // U+200B ZERO WIDTH SPACE is not
  EXPECT_EQ(PySpaceLength("a", 0), 0u);
}

}  // namespace
}  // namespace svc::compiler
