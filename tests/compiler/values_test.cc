// Value parsers against supervisor.datatypes 4.2.5 (reference 1.5). Expected values and error
// texts were produced by /usr/bin/python3 with the supervisor package.
#include "compiler/values.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace svc::compiler {
namespace {

using Strings = std::vector<std::string>;

template <typename T>
std::string ErrorOf(const Parsed<T>& p) {
  return p ? std::string("<no error>") : p.error();
}

// boolean

TEST(ValuesBoolTest, AcceptsTrueWordsInAnyCase) {
  for (const char* v : {"yes", "TRUE", "On", "1"}) {
    auto b = ParseBool(v);
    ASSERT_TRUE(b) << v;
    EXPECT_TRUE(*b) << v;
  }
}

TEST(ValuesBoolTest, AcceptsFalseWordsInAnyCase) {
  for (const char* v : {"no", "False", "OFF", "0"}) {
    auto b = ParseBool(v);
    ASSERT_TRUE(b) << v;
    EXPECT_FALSE(*b) << v;
  }
}

TEST(ValuesBoolTest, RejectsOtherWords) {
  EXPECT_EQ(ErrorOf(ParseBool("maybe")), "not a valid boolean value: 'maybe'");
}

TEST(ValuesBoolTest, RejectsEmpty) {
  EXPECT_EQ(ErrorOf(ParseBool("")), "not a valid boolean value: ''");
}

TEST(ValuesBoolTest, DoesNotStrip) {
  EXPECT_EQ(ErrorOf(ParseBool(" yes")), "not a valid boolean value: ' yes'");
}

// integer

TEST(ValuesIntTest, AcceptsDecimal) { EXPECT_EQ(*ParseInt("10"), 10); }

TEST(ValuesIntTest, StripsWhiteSpace) { EXPECT_EQ(*ParseInt(" 10 "), 10); }

TEST(ValuesIntTest, AcceptsSigns) {
  EXPECT_EQ(*ParseInt("-3"), -3);
  EXPECT_EQ(*ParseInt("+3"), 3);
}

TEST(ValuesIntTest, AcceptsSingleUnderscoresBetweenDigits) { EXPECT_EQ(*ParseInt("1_000"), 1000); }

TEST(ValuesIntTest, RejectsDoubleUnderscore) {
  EXPECT_EQ(ErrorOf(ParseInt("1__0")), "invalid literal for int() with base 10: '1__0'");
}

TEST(ValuesIntTest, RejectsFloat) {
  EXPECT_EQ(ErrorOf(ParseInt("1.5")), "invalid literal for int() with base 10: '1.5'");
}

TEST(ValuesIntTest, RejectsHex) {
  EXPECT_EQ(ErrorOf(ParseInt("0x10")), "invalid literal for int() with base 10: '0x10'");
}

TEST(ValuesIntTest, RejectsEmpty) {
  EXPECT_EQ(ErrorOf(ParseInt("")), "invalid literal for int() with base 10: ''");
}

TEST(ValuesIntTest, RejectsWords) {
  EXPECT_EQ(ErrorOf(ParseInt("abc")), "invalid literal for int() with base 10: 'abc'");
}

TEST(ValuesIntTest, RejectsOverflowInsteadOfWrapping) {
  // Python has big ints; svc keeps int64 and must not wrap around.
  EXPECT_FALSE(ParseInt("99999999999999999999"));
}

// byte size

TEST(ValuesByteSizeTest, PlainNumber) { EXPECT_EQ(*ParseByteSize("10"), 10); }

TEST(ValuesByteSizeTest, SuffixesArePowersOf1024InAnyCase) {
  EXPECT_EQ(*ParseByteSize("10KB"), 10240);
  EXPECT_EQ(*ParseByteSize("5mb"), 5242880);
  EXPECT_EQ(*ParseByteSize("1GB"), 1073741824);
  EXPECT_EQ(*ParseByteSize("1gb"), 1073741824);
}

TEST(ValuesByteSizeTest, SpaceBeforeSuffixIsAccepted) {
  // Python: int(' 10 ') * 1024
  EXPECT_EQ(*ParseByteSize(" 10 KB"), 10240);
}

TEST(ValuesByteSizeTest, NegativeIsAccepted) { EXPECT_EQ(*ParseByteSize("-1KB"), -1024); }

TEST(ValuesByteSizeTest, UnknownSuffixReportsLowercasedValue) {
  EXPECT_EQ(ErrorOf(ParseByteSize("10XB")), "invalid literal for int() with base 10: '10xb'");
  EXPECT_EQ(ErrorOf(ParseByteSize("1tb")), "invalid literal for int() with base 10: '1tb'");
}

TEST(ValuesByteSizeTest, SuffixAloneReportsEmptyNumber) {
  EXPECT_EQ(ErrorOf(ParseByteSize("KB")), "invalid literal for int() with base 10: ''");
}

TEST(ValuesByteSizeTest, FloatWithSuffixReportsNumberPart) {
  EXPECT_EQ(ErrorOf(ParseByteSize("1.5MB")), "invalid literal for int() with base 10: '1.5'");
}

TEST(ValuesByteSizeTest, OverflowIsAnError) { EXPECT_FALSE(ParseByteSize("9999999999999GB")); }

// octal

TEST(ValuesOctalTest, LeadingZero) { EXPECT_EQ(*ParseOctal("022"), 022); }

TEST(ValuesOctalTest, PythonPrefixInAnyCase) {
  EXPECT_EQ(*ParseOctal("0o22"), 022);
  EXPECT_EQ(*ParseOctal("0O7"), 07);
}

TEST(ValuesOctalTest, WithoutLeadingZero) { EXPECT_EQ(*ParseOctal("777"), 0777); }

TEST(ValuesOctalTest, StripsWhiteSpace) { EXPECT_EQ(*ParseOctal(" 22 "), 022); }

TEST(ValuesOctalTest, RejectsDigitEight) {
  EXPECT_EQ(ErrorOf(ParseOctal("8")), "8 can not be converted to an octal type");
}

TEST(ValuesOctalTest, RejectsHex) {
  EXPECT_EQ(ErrorOf(ParseOctal("0x1")), "0x1 can not be converted to an octal type");
}

TEST(ValuesOctalTest, RejectsEmpty) {
  EXPECT_EQ(ErrorOf(ParseOctal("")), " can not be converted to an octal type");
}

// signal

TEST(ValuesSignalTest, NameWithoutSig) { EXPECT_EQ(*ParseSignal("TERM"), "TERM"); }

TEST(ValuesSignalTest, NameWithSigInAnyCase) {
  EXPECT_EQ(*ParseSignal("sigterm"), "TERM");
  EXPECT_EQ(*ParseSignal("Sighup"), "HUP");
  EXPECT_EQ(*ParseSignal("hup"), "HUP");
}

TEST(ValuesSignalTest, NameIsStripped) { EXPECT_EQ(*ParseSignal(" term "), "TERM"); }

TEST(ValuesSignalTest, Number) {
  EXPECT_EQ(*ParseSignal("9"), "KILL");
  EXPECT_EQ(*ParseSignal("15"), "TERM");
  EXPECT_EQ(*ParseSignal("+9"), "KILL");
}

TEST(ValuesSignalTest, AliasesMapToCanonicalNames) {
  EXPECT_EQ(*ParseSignal("IOT"), "ABRT");
  EXPECT_EQ(*ParseSignal("CLD"), "CHLD");
  EXPECT_EQ(*ParseSignal("POLL"), "IO");
}

TEST(ValuesSignalTest, RealTimeBounds) {
  EXPECT_EQ(*ParseSignal("SIGRTMIN"), "RTMIN");
  EXPECT_EQ(*ParseSignal("RTMAX"), "RTMAX");
  EXPECT_EQ(*ParseSignal("34"), "RTMIN");
}

TEST(ValuesSignalTest, LinuxOnlySignals) {
  EXPECT_EQ(*ParseSignal("SIGSTKFLT"), "STKFLT");
  EXPECT_EQ(*ParseSignal("SIGPWR"), "PWR");
}

TEST(ValuesSignalTest, UnknownName) {
  EXPECT_EQ(ErrorOf(ParseSignal("foo")), "value 'foo' is not a valid signal name");
  EXPECT_EQ(ErrorOf(ParseSignal("SIGRTMIN+1")), "value 'SIGRTMIN+1' is not a valid signal name");
}

TEST(ValuesSignalTest, NumberOutsideSignalModule) {
  // Python's signal module has no 32, 33, 35..63 and no 65.
  EXPECT_EQ(ErrorOf(ParseSignal("32")), "value '32' is not a valid signal number");
  EXPECT_EQ(ErrorOf(ParseSignal("35")), "value '35' is not a valid signal number");
  EXPECT_EQ(ErrorOf(ParseSignal("65")), "value '65' is not a valid signal number");
  EXPECT_EQ(ErrorOf(ParseSignal("-9")), "value '-9' is not a valid signal number");
}

// supervisord accepts 0 and the names SIG_DFL/SIG_IGN (signal-module constants in its SIGNUMS);
// svc refuses them on purpose (docs/compatibility.md): such a process could never be stopped.
TEST(ValuesSignalTest, ZeroAndSignalModuleConstantsAreRefused) {
  EXPECT_FALSE(ParseSignal("0"));
  EXPECT_FALSE(ParseSignal("SIG_DFL"));
}

TEST(ValuesSignalTest, SignalNamesListsCanonicalNames) {
  const auto& names = SignalNames();
  EXPECT_EQ(names.front(), "HUP");
  EXPECT_EQ(names.size(), 33u);
  EXPECT_EQ(std::count(names.begin(), names.end(), "IOT"), 0);
}

// exit codes

TEST(ValuesExitCodesTest, SingleAndList) {
  EXPECT_EQ(*ParseExitCodes("0"), (std::vector<int64_t>{0}));
  EXPECT_EQ(*ParseExitCodes("0,2"), (std::vector<int64_t>{0, 2}));
}

TEST(ValuesExitCodesTest, EmptyIsEmptyList) { EXPECT_TRUE(ParseExitCodes("")->empty()); }

TEST(ValuesExitCodesTest, ItemsAreStripped) {
  EXPECT_EQ(*ParseExitCodes(" 1 , 2 "), (std::vector<int64_t>{1, 2}));
}

TEST(ValuesExitCodesTest, RejectsOutOfRange) {
  EXPECT_EQ(ErrorOf(ParseExitCodes("1,256")), "not a valid list of exit codes: '1,256'");
  EXPECT_EQ(ErrorOf(ParseExitCodes("-1")), "not a valid list of exit codes: '-1'");
}

TEST(ValuesExitCodesTest, RejectsEmptyItems) {
  EXPECT_EQ(ErrorOf(ParseExitCodes("1,,2")), "not a valid list of exit codes: '1,,2'");
  EXPECT_EQ(ErrorOf(ParseExitCodes("0,")), "not a valid list of exit codes: '0,'");
}

TEST(ValuesExitCodesTest, RejectsWords) {
  EXPECT_EQ(ErrorOf(ParseExitCodes("a")), "not a valid list of exit codes: 'a'");
}

// autorestart

TEST(ValuesAutoRestartTest, Words) {
  EXPECT_EQ(*ParseAutoRestart("true"), "true");
  EXPECT_EQ(*ParseAutoRestart("FALSE"), "false");
  EXPECT_EQ(*ParseAutoRestart("UNEXPECTED"), "unexpected");
}

TEST(ValuesAutoRestartTest, ErrorShowsLowercasedValue) {
  EXPECT_EQ(ErrorOf(ParseAutoRestart("Maybe")), "invalid 'autorestart' value 'maybe'");
}

// log level

TEST(ValuesLogLevelTest, AcceptsEveryLevelInAnyCase) {
  for (const char* v : {"critical", "error", "warn", "INFO", "debug", "trace", "blather"}) {
    EXPECT_TRUE(ParseLogLevel(v)) << v;
  }
  EXPECT_EQ(*ParseLogLevel("INFO"), "info");
}

TEST(ValuesLogLevelTest, RejectsWarning) {
  EXPECT_EQ(ErrorOf(ParseLogLevel("warning")), "bad logging level name 'warning'");
}

TEST(ValuesLogLevelTest, DoesNotStrip) {
  EXPECT_EQ(ErrorOf(ParseLogLevel("debug ")), "bad logging level name 'debug '");
}

// inet address

TEST(ValuesInetTest, PortOnlyMeansEveryInterface) {
  auto a = ParseInetAddress("9001");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "");
  EXPECT_EQ(a->port, 9001);
}

TEST(ValuesInetTest, StarMeansEveryInterface) {
  auto a = ParseInetAddress("*:9001");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "");
}

TEST(ValuesInetTest, EmptyHostMeansEveryInterface) {
  EXPECT_EQ(ParseInetAddress(":9001")->host, "");
}

TEST(ValuesInetTest, HostIsLowerCased) {
  auto a = ParseInetAddress("Localhost:9001");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "localhost");
  EXPECT_EQ(a->port, 9001);
}

TEST(ValuesInetTest, SplitsAtLastColon) {
  EXPECT_EQ(ParseInetAddress("[::1]:9001")->host, "[::1]");
  EXPECT_EQ(ParseInetAddress("::1")->host, ":");
  EXPECT_EQ(ParseInetAddress("::1")->port, 1);
}

TEST(ValuesInetTest, MissingPortAfterColon) {
  EXPECT_EQ(ErrorOf(ParseInetAddress("host:")), "no port number specified in ''");
}

TEST(ValuesInetTest, BadPortWithoutHostHasTrailingSpace) {
  EXPECT_EQ(ErrorOf(ParseInetAddress("abc")), "not a valid port number: 'abc' ");
}

TEST(ValuesInetTest, BadPortAfterHost) {
  EXPECT_EQ(ErrorOf(ParseInetAddress("host:abc")), "invalid literal for int() with base 10: 'abc'");
}

TEST(ValuesInetTest, PortBoundsAfterHost) {
  EXPECT_EQ(ErrorOf(ParseInetAddress("h:0")), "0 is below lower bound (1)");
  EXPECT_EQ(ErrorOf(ParseInetAddress("h:70000")), "70000 is above upper bound (65535)");
}

TEST(ValuesInetTest, PortBoundsWithoutHostUseGenericMessage) {
  EXPECT_EQ(ErrorOf(ParseInetAddress("0")), "not a valid port number: '0' ");
  EXPECT_EQ(ErrorOf(ParseInetAddress("65536")), "not a valid port number: '65536' ");
}

// environment (dict_of_key_value_pairs)

KeyValues Kv(std::string_view v) {
  auto kv = ParseKeyValues(v);
  if (!kv) {
    KeyValues none;
    none.dropped.push_back("<error: " + kv.error() + ">");
    return none;
  }
  return *kv;
}

TEST(ValuesEnvironmentTest, SinglePair) {
  EXPECT_EQ(Kv("A=1").values, (std::map<std::string, std::string>{{"A", "1"}}));
}

TEST(ValuesEnvironmentTest, CommaSeparatedPairsKeepOrder) {
  KeyValues kv = Kv("B=2,A=1");
  EXPECT_EQ(kv.values.size(), 2u);
  EXPECT_EQ(kv.order, (Strings{"B", "A"}));
}

TEST(ValuesEnvironmentTest, UnquotedSpaceDropsTheRest) {
  // Python: 'A=a b' -> {'A': 'a'}
  KeyValues kv = Kv("A=a b");
  EXPECT_EQ(kv.values, (std::map<std::string, std::string>{{"A", "a"}}));
  EXPECT_EQ(kv.dropped, Strings{"b"});
}

TEST(ValuesEnvironmentTest, DoubleQuotesKeepComma) {
  EXPECT_EQ(Kv("A=\"x,y\"").values.at("A"), "x,y");
}

TEST(ValuesEnvironmentTest, SingleQuotesKeepSpace) {
  EXPECT_EQ(Kv("A='x y'").values.at("A"), "x y");
}

TEST(ValuesEnvironmentTest, EmptyQuotesAreEmptyValue) {
  EXPECT_EQ(Kv("A=\"\"").values.at("A"), "");
}

TEST(ValuesEnvironmentTest, NonWordCharactersAreSingleTokens) {
  // Non-POSIX shlex: '中' and '文' are one token each; Python gives {'A': '中'} and drops '文'.
  KeyValues kv = Kv("A=\xe4\xb8\xad\xe6\x96\x87");
  EXPECT_EQ(kv.values.at("A"), "\xe4\xb8\xad");
  EXPECT_EQ(kv.dropped, Strings{"\xe6\x96\x87"});
}

TEST(ValuesEnvironmentTest, ThreeNonWordCharactersFail) {
  // Python: 'A=中文字' -> Unexpected end of key/value pairs in value 'A=中文字'
  auto kv = ParseKeyValues("A=\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97");
  EXPECT_EQ(ErrorOf(kv),
            "Unexpected end of key/value pairs in value 'A=\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97'");
}

TEST(ValuesEnvironmentTest, DollarSplitsTheValue) {
  // Python: 'A=$HOME' -> {'A': '$'}
  EXPECT_EQ(Kv("A=$HOME").values.at("A"), "$");
}

TEST(ValuesEnvironmentTest, ExtraWordChars) {
  EXPECT_EQ(Kv("K=(a):+-./").values.at("K"), "(a):+-./");
  EXPECT_EQ(Kv("A=/usr/bin:/bin").values.at("A"), "/usr/bin:/bin");
  EXPECT_EQ(Kv("a-b=1").values.at("a-b"), "1");
}

TEST(ValuesEnvironmentTest, SeparatorIsNotChecked) {
  // Python: 'A=1;B=2' -> {'A': '1', 'B': '2'}
  KeyValues kv = Kv("A=1;B=2");
  EXPECT_EQ(kv.values, (std::map<std::string, std::string>{{"A", "1"}, {"B", "2"}}));
}

TEST(ValuesEnvironmentTest, TrailingCommaIsAccepted) {
  EXPECT_EQ(Kv("A=1,B=2,").values.size(), 2u);
}

TEST(ValuesEnvironmentTest, NewlineAfterCommaIsAccepted) {
  EXPECT_EQ(Kv("A=1,\nB=2").values.size(), 2u);
}

TEST(ValuesEnvironmentTest, SpacesAroundTokensAreIgnored) {
  EXPECT_EQ(Kv("A= 1 ,B= 2").values, (std::map<std::string, std::string>{{"A", "1"}, {"B", "2"}}));
}

TEST(ValuesEnvironmentTest, RepeatedKeyLastWins) { EXPECT_EQ(Kv("A=1,A=2").values.at("A"), "2"); }

TEST(ValuesEnvironmentTest, QuotesInsideWordAreKept) {
  // Python: 'A=x"y"' -> {'A': 'x"y'} (only outer quotes are stripped).
  EXPECT_EQ(Kv("A=x\"y\"").values.at("A"), "x\"y");
}

TEST(ValuesEnvironmentTest, NoBackslashEscapes) {
  // Python: 'A="a\\"b"' -> {'A': 'a\\'}
  EXPECT_EQ(Kv("A=\"a\\\"b\"").values.at("A"), "a\\");
}

TEST(ValuesEnvironmentTest, HashStartsCommentAndWordContinuesOnNextLine) {
  // Python: 'A=a#x\nb,B=2' -> {'A': 'ab', 'B': '2'}
  KeyValues kv = Kv("A=a#x\nb,B=2");
  EXPECT_EQ(kv.values, (std::map<std::string, std::string>{{"A", "ab"}, {"B", "2"}}));
}

TEST(ValuesEnvironmentTest, EmptyValueFails) {
  EXPECT_EQ(ErrorOf(ParseKeyValues("A=")), "Unexpected end of key/value pairs in value 'A='");
}

TEST(ValuesEnvironmentTest, SecondEqualsFails) {
  EXPECT_EQ(ErrorOf(ParseKeyValues("A=x=y")), "Unexpected end of key/value pairs in value 'A=x=y'");
}

TEST(ValuesEnvironmentTest, SpaceSeparatedPairsFail) {
  EXPECT_EQ(ErrorOf(ParseKeyValues("A=1 B=2")),
            "Unexpected end of key/value pairs in value 'A=1 B=2'");
}

TEST(ValuesEnvironmentTest, DoubleCommaFails) {
  EXPECT_EQ(ErrorOf(ParseKeyValues("A=1,,B=2")),
            "Unexpected end of key/value pairs in value 'A=1,,B=2'");
}

TEST(ValuesEnvironmentTest, KeyWithoutValueFails) {
  EXPECT_EQ(ErrorOf(ParseKeyValues("A=1,B")), "Unexpected end of key/value pairs in value 'A=1,B'");
}

TEST(ValuesEnvironmentTest, UnclosedQuoteFails) {
  EXPECT_EQ(ErrorOf(ParseKeyValues("A=\"unterminated")), "No closing quotation");
}

// shlex.split (command=)

Strings Split(std::string_view v) {
  auto argv = ShlexSplit(v);
  return argv ? *argv : Strings{"<error: " + argv.error() + ">"};
}

TEST(ValuesShlexTest, SplitsOnWhiteSpace) { EXPECT_EQ(Split("a\tb\nc"), (Strings{"a", "b", "c"})); }

TEST(ValuesShlexTest, EmptyAndBlankGiveNoWords) {
  EXPECT_EQ(Split(""), Strings{});
  EXPECT_EQ(Split("  "), Strings{});
}

TEST(ValuesShlexTest, SingleQuotes) { EXPECT_EQ(Split("a 'b c'"), (Strings{"a", "b c"})); }

TEST(ValuesShlexTest, DoubleQuotes) { EXPECT_EQ(Split("a \"b c\""), (Strings{"a", "b c"})); }

TEST(ValuesShlexTest, BackslashEscapesOutsideQuotes) { EXPECT_EQ(Split("a\\ b"), Strings{"a b"}); }

TEST(ValuesShlexTest, BackslashInDoubleQuotesEscapesOnlyQuoteAndBackslash) {
  EXPECT_EQ(Split("\"a\\\"b\""), Strings{"a\"b"});
  EXPECT_EQ(Split("a \"b\\\\c\""), (Strings{"a", "b\\c"}));
  EXPECT_EQ(Split("a \"b\\$c\""), (Strings{"a", "b\\$c"}));
  EXPECT_EQ(Split("\"a\\nb\""), Strings{"a\\nb"});
}

TEST(ValuesShlexTest, BackslashInSingleQuotesIsLiteral) {
  EXPECT_EQ(Split("'a\\'"), Strings{"a\\"});
}

TEST(ValuesShlexTest, HashIsNotAComment) { EXPECT_EQ(Split("a#b c"), (Strings{"a#b", "c"})); }

TEST(ValuesShlexTest, AdjacentQuotedPartsJoin) {
  EXPECT_EQ(Split("\"a\"'b'c"), Strings{"abc"});
  EXPECT_EQ(Split("x\"y z\"w"), Strings{"xy zw"});
}

TEST(ValuesShlexTest, EmptyQuotesAreAnEmptyWord) { EXPECT_EQ(Split("a ''"), (Strings{"a", ""})); }

TEST(ValuesShlexTest, NonAsciiWords) {
  EXPECT_EQ(Split("\xc3\xa9 \xc3\xbc"), (Strings{"\xc3\xa9", "\xc3\xbc"}));
}

TEST(ValuesShlexTest, TrailingBackslashFails) {
  EXPECT_EQ(Split("a\\"), Strings{"<error: No escaped character>"});
}

TEST(ValuesShlexTest, UnclosedQuotesFail) {
  EXPECT_EQ(Split("\"abc"), Strings{"<error: No closing quotation>"});
  EXPECT_EQ(Split("'abc"), Strings{"<error: No closing quotation>"});
}

// lists and names

TEST(ValuesCommaListTest, SplitsAndStrips) {
  EXPECT_EQ(SplitCommaList(" a , b "), (Strings{"a", "b"}));
}

TEST(ValuesCommaListTest, KeepsEmptyItems) {
  EXPECT_EQ(SplitCommaList("a,,b"), (Strings{"a", "", "b"}));
  EXPECT_EQ(SplitCommaList("a,"), (Strings{"a", ""}));
}

TEST(ValuesCommaListTest, EmptyIsEmptyList) { EXPECT_EQ(SplitCommaList(""), Strings{}); }

TEST(ValuesNameTest, RejectsSpaceColonAndSlash) {
  EXPECT_EQ(BadNameChar("a b"), ' ');
  EXPECT_EQ(BadNameChar("a:b"), ':');
  EXPECT_EQ(BadNameChar("a/b"), '/');
}

TEST(ValuesNameTest, AcceptsOtherNames) { EXPECT_EQ(BadNameChar("web-1_x.y"), std::nullopt); }

TEST(ValuesExpandUserTest, PlainPathIsUnchanged) { EXPECT_EQ(ExpandUser("/a/~b"), "/a/~b"); }

TEST(ValuesExpandUserTest, RootUserHome) { EXPECT_EQ(ExpandUser("~root/x"), "/root/x"); }

TEST(ValuesExpandUserTest, UnknownUserIsUnchanged) {
  EXPECT_EQ(ExpandUser("~no_such_user_svc/x"), "~no_such_user_svc/x");
}

}  // namespace
}  // namespace svc::compiler
