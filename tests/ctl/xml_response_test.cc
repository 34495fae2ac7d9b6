// svcctl's own XML-RPC reader and writer: what servers send, and what must be refused.
#include "ctl/xml_response.h"

#include <gtest/gtest.h>

#include <string>

#include "ctl/xmlrpc_codec.h"

namespace svc::ctl {
namespace {

Outcome Ok(const std::string& xml) {
  auto out = ParseResponse(xml);
  EXPECT_TRUE(out.has_value()) << (out ? "" : out.error());
  return out ? *out : Outcome{};
}

TEST(XmlResponse, PythonLayout) {
  Outcome out =
      Ok("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n"
         "<value><array><data>\n<value><struct>\n<member>\n<name>name</name>\n"
         "<value><string>a &amp; b &lt;c&gt; &#233;&#x4e2d;</string></value>\n</member>\n"
         "<member>\n<name>pid</name>\n<value><int>42</int></value>\n</member>\n"
         "<member>\n<name>ok</name>\n<value><boolean>1</boolean></value>\n</member>\n"
         "</struct></value>\n</data></array></value>\n</param>\n</params>\n</methodResponse>\n");
  ASSERT_TRUE(out.ok);
  ASSERT_EQ(out.value.Arr().size(), 1u);
  const Value& info = out.value.Arr()[0];
  EXPECT_EQ(info.Get("name").Str(), "a & b <c> \xC3\xA9\xE4\xB8\xAD");
  EXPECT_EQ(info.Get("pid").Int(), 42);
  EXPECT_TRUE(info.Get("ok").Bool());
}

TEST(XmlResponse, UntypedEmptyNilBase64AndI8) {
  Outcome out =
      Ok("<methodResponse><params><param><value><array><data>"
         "<value> plain text </value><value/><value><string/></value><value><nil/></value>"
         "<value><base64>aGVsbG8=</base64></value><value><i8>-9000000000</i8></value>"
         "<value><double>1.5</double></value><value><![CDATA[<raw>]]></value>"
         "</data></array></value></param></params></methodResponse>");
  const Array& a = out.value.Arr();
  ASSERT_EQ(a.size(), 8u);
  EXPECT_EQ(a[0].Str(), " plain text ");
  EXPECT_EQ(a[1].Str(), "");
  EXPECT_EQ(a[2].Str(), "");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(a[3].v));
  EXPECT_EQ(a[4].Str(), "hello");
  EXPECT_EQ(a[5].Int(), -9000000000);
  EXPECT_EQ(std::get<double>(a[6].v), 1.5);
  EXPECT_EQ(a[7].Str(), "<raw>");
}

TEST(XmlResponse, Fault) {
  Outcome out =
      Ok("<?xml version=\"1.0\"?>\r\n<methodResponse>\r\n<fault>\r\n<value><struct>"
         "<member><name>faultString</name><value><string>BAD_NAME: x</string></value></member>"
         "<member><name>faultCode</name><value><int>10</int></value></member>"
         "</struct></value>\r\n</fault>\r\n</methodResponse>\r\n");
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.fault.code, 10);
  EXPECT_EQ(out.fault.text, "BAD_NAME: x");
}

TEST(XmlResponse, MalformedIsAnErrorNeverACrash) {
  const char* bad[] = {
      "",
      "<html>502</html>",
      "<methodResponse><params><param><value><int>x</int></value></param></params>"
      "</methodResponse>",
      "<methodResponse><params><param><value><string>a & b</string></value></param></params>"
      "</methodResponse>",
      "<methodResponse><params><param><value><foo>1</foo></value></param></params>"
      "</methodResponse>",
      "<methodResponse><params><param><value><array><data><value>",
      "<methodResponse><params><param><value>1</value></param></params></methodResponse>junk",
      "<methodResponse><fault><value><int>1</int></value></fault></methodResponse>",
  };
  for (const char* xml : bad) {
    auto out = ParseResponse(xml);
    EXPECT_FALSE(out.has_value()) << xml;
  }
  std::string deep = "<methodResponse><params><param>";
  for (int i = 0; i < 100000; ++i) deep += "<value><array><data>";
  EXPECT_FALSE(ParseResponse(deep).has_value());
}

TEST(XmlCall, PythonLayoutRoundTripsThroughTheReader) {
  auto xml = EncodeCall("supervisor.startProcess", {Value("a<&>b"), Value(true), Value(7)});
  ASSERT_TRUE(xml.has_value());
  EXPECT_EQ(*xml,
            "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.startProcess"
            "</methodName>\n<params>\n<param>\n<value><string>a&lt;&amp;&gt;b</string></value>\n"
            "</param>\n<param>\n<value><boolean>1</boolean></value>\n</param>\n<param>\n"
            "<value><int>7</int></value>\n</param>\n</params>\n</methodCall>\n");
}

}  // namespace
}  // namespace svc::ctl
