#include "runtime/rpc/xmlrpc_codec.h"

#include <gtest/gtest.h>

namespace svc::runtime::rpc {
namespace {

TEST(Codec, ParsesCall) {
  auto call = ParseCall(
      "<?xml version='1.0'?><methodCall><methodName>supervisor.startProcess</methodName>"
      "<params><param><value><string>x</string></value></param>"
      "<param><value><boolean>1</boolean></value></param></params></methodCall>");
  ASSERT_TRUE(call);
  EXPECT_EQ(call->method, "supervisor.startProcess");
  ASSERT_EQ(call->params.size(), 2u);
  EXPECT_EQ(call->params[0].as_string(), "x");
  EXPECT_TRUE(call->params[1].as_bool());
}

TEST(Codec, BareValueIsString) {
  auto call = ParseCall(
      "<methodCall><methodName>a.b</methodName><params><param><value>hi</value></param>"
      "</params></methodCall>");
  ASSERT_TRUE(call);
  EXPECT_EQ(call->params[0].as_string(), "hi");
}

TEST(Codec, MalformedIsAnError) {
  EXPECT_FALSE(ParseCall("hello"));
  EXPECT_FALSE(ParseCall("<methodCall><params></params></methodCall>"));
}

TEST(Codec, SanitizesInvalidUtf8AndControls) {
  EXPECT_EQ(SanitizeXmlText("ok\n\t"), "ok\n\t");
  EXPECT_EQ(SanitizeXmlText("\xC3\xA9"), "\xC3\xA9");
  EXPECT_EQ(SanitizeXmlText("a\xFF"), "a\xEF\xBF\xBD");
  EXPECT_EQ(SanitizeXmlText("\xC3"), "\xEF\xBF\xBD");  // a cut multi-byte character
  EXPECT_EQ(SanitizeXmlText("\x1b[31m"), "\xEF\xBF\xBD[31m");
}

TEST(Codec, RendersFault) {
  std::string xml = RenderFault(MakeFault(FaultCode::kBadName, "x"));
  EXPECT_NE(xml.find("<i4>10</i4>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("BAD_NAME: x"), std::string::npos);
}

TEST(Codec, RendersNestedValue) {
  std::string xml = RenderResponse(Array{"a\xFF", 1, true, Struct{{"k", int64_t{1} << 40}}});
  EXPECT_NE(xml.find("<methodResponse>"), std::string::npos);
  EXPECT_NE(xml.find("a\xEF\xBF\xBD"), std::string::npos);
}

TEST(Codec, RendersEveryKind) {
  EXPECT_EQ(RenderResponse(Struct{{"a<", Array{int64_t{1} << 40, false, 1.5, "x&\r", Base64{"ab"},
                                               DateTime{"20260101T00:00:00"}}}}),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<methodResponse>\r\n<params>\r\n"
            "<param><value><struct>\r\n<member><name>a&lt;</name>\r\n<value><array><data>\r\n"
            "<value><i8>1099511627776</i8></value>\r\n<value><boolean>0</boolean></value>\r\n"
            "<value><double>1.5</double></value>\r\n<value><string>x&amp;&#13;</string></value>"
            "\r\n<value><base64>YWI=</base64></value>\r\n<value><dateTime.iso8601>"
            "20260101T00:00:00</dateTime.iso8601></value>\r\n</data></array></value>\r\n"
            "</member>\r\n</struct></value>\r\n</param>\r\n</params>\r\n</methodResponse>\r\n");
}

// Doubles go out as the shortest text that reads back exactly, as Python's repr() sends them.
TEST(Codec, RendersShortestRoundTripDoubles) {
  auto rendered = [](double d) {
    std::string xml = RenderResponse(d);
    std::size_t open = xml.find("<double>") + 8;
    return xml.substr(open, xml.find("</double>") - open);
  };
  EXPECT_EQ(rendered(0.1), "0.1");
  EXPECT_EQ(rendered(-2.5), "-2.5");
  EXPECT_EQ(rendered(1e300), "1e+300");
  EXPECT_EQ(rendered(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(rendered(123456789.0), "123456789");
}

TEST(Codec, DeepNestingIsRefusedBeforeParsing) {
  std::string deep = "<?xml version='1.0'?><methodCall><methodName>m</methodName><params><param>";
  for (int i = 0; i < 100000; ++i) deep += "<value><array><data>";
  deep += "<value><int>1</int></value>";
  for (int i = 0; i < 100000; ++i) deep += "</data></array></value>";
  deep += "</param></params></methodCall>";
  auto parsed = ParseCall(deep);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error(), "elements nested deeper than 256");
  std::string shallow =
      "<?xml version='1.0'?><methodCall><methodName>m</methodName><params><param><value>"
      "<array><data><value><array><data/></array></value></data></array></value></param>"
      "</params></methodCall>";
  ASSERT_TRUE(ParseCall(shallow));
  EXPECT_EQ(ParseCall(shallow)->params.size(), 1U);
}

}  // namespace
}  // namespace svc::runtime::rpc
