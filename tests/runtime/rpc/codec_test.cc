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

}  // namespace
}  // namespace svc::runtime::rpc
