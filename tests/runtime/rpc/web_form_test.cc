// The web side's text helpers: urlencoded forms, quote() as Python's urllib, HTML escaping,
// HTTP dates.
#include "runtime/rpc/web_form.h"

#include <gtest/gtest.h>

namespace svc::runtime::rpc {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

TEST(WebFormTest, ParsesUrlencodedForms) {
  EXPECT_EQ(ParseForm("a=1&b=x+y%21&&c"), (Fields{{"a", "1"}, {"b", "x y!"}, {"c", ""}}));
  EXPECT_EQ(ParseForm(""), Fields{});
  EXPECT_EQ(ParseForm("processname=g%3Ax&action=start"),
            (Fields{{"processname", "g:x"}, {"action", "start"}}));
}

TEST(WebFormTest, KeepsMalformedEscapes) {
  EXPECT_EQ(UrlDecode("100%", false), "100%");
  EXPECT_EQ(UrlDecode("%zz%4", false), "%zz%4");
  EXPECT_EQ(UrlDecode("a+b", false), "a+b");
}

TEST(WebFormTest, QuotesAsPythonUrllib) {
  EXPECT_EQ(UrlQuote("Page refreshed at Wed Nov 25 01:24:18 2026"),
            "Page%20refreshed%20at%20Wed%20Nov%2025%2001%3A24%3A18%202026");
  EXPECT_EQ(UrlQuote("a/b_c.d-e~f"), "a/b_c.d-e~f");
  EXPECT_EQ(UrlQuote("\xff&"), "%FF%26");
}

TEST(WebFormTest, EscapesHtml) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">&</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
}

TEST(WebFormTest, FormatsHttpDates) {
  EXPECT_EQ(HttpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(HttpDate(1795569867), "Wed, 25 Nov 2026 01:24:27 GMT");
}

}  // namespace
}  // namespace svc::runtime::rpc
