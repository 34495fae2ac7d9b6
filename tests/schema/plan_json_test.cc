// ToJson/FromJson: exact round trips, byte-for-byte determinism, and clean rejection of bad input.
#include "schema/plan_json.h"

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "schema/fingerprint.h"
#include "tests/schema/sample_plan.h"

namespace svc::plan {
namespace {

using Json = nlohmann::json;
using testing::FullPlan;

std::string FullPlanJson() { return ToJson(FullPlan()); }

// FromJson of the full plan after `edit` changed its JSON; the error message, or "" if accepted.
template <class Edit>
std::string ErrorAfter(Edit edit) {
  Json doc = Json::parse(FullPlanJson());
  edit(doc);
  auto plan = FromJson(doc.dump());
  return plan ? "" : plan.error();
}

TEST(PlanJson, RoundTripsFullyPopulatedPlan) {
  auto plan = FromJson(FullPlanJson());
  ASSERT_TRUE(plan) << plan.error();
  EXPECT_EQ(*plan, FullPlan());
}

TEST(PlanJson, RoundTripsDefaultPlanWithEmptyOptionals) {
  auto plan = FromJson(ToJson(Plan{}));
  ASSERT_TRUE(plan) << plan.error();
  EXPECT_EQ(*plan, Plan{});
}

TEST(PlanJson, EqualPlansGiveByteIdenticalText) {
  EXPECT_EQ(ToJson(FullPlan()), ToJson(FullPlan()));
  EXPECT_EQ(ToJson(*FromJson(FullPlanJson())), FullPlanJson());
}

TEST(PlanJson, WritesSortedKeysTwoSpaceIndentAndTrailingNewline) {
  std::string text = ToJson(Plan{});
  EXPECT_EQ(text.substr(0, 12), "{\n  \"ctl\": n");
  EXPECT_EQ(text.back(), '\n');
  EXPECT_LT(text.find("\"groups\""), text.find("\"plan_version\""));
}

// The streaming writer relies on the field tables being in key order; nlohmann re-dumps with
// sorted keys, so any table out of order (or any formatting drift) shows up here.
TEST(PlanJson, StreamedTextEqualsCanonicalDump) {
  std::string text = FullPlanJson();
  EXPECT_EQ(Json::parse(text).dump(2) + "\n", text);
}

TEST(PlanJson, EmptyOptionalIsNullWithKeyKept) {
  Json doc = Json::parse(ToJson(Plan{}));
  ASSERT_TRUE(doc.contains("ctl"));
  EXPECT_TRUE(doc["ctl"].is_null());
  EXPECT_TRUE(doc["supervisord"]["user"].is_null());
}

TEST(PlanJson, FieldNamesAreMemberNames) {
  Json doc = Json::parse(FullPlanJson());
  const Json& process = doc["processes"][0];
  EXPECT_EQ(process["stdout_log"]["path"], "/var/log/svc/web.out");
  EXPECT_EQ(process["stderr_log"]["logfile_maxbytes"], 2048);
  EXPECT_EQ(doc["groups"][0]["socket"]["mode"], 0660);
}

TEST(PlanJson, SampleFileIsTheSealedFullPlan) {
  Plan plan = FullPlan();
  Seal(plan);
  const std::string path = SVC_TESTDATA_DIR "/schema/sample.plan.json";
  if (std::getenv("SVC_UPDATE_GOLDEN") != nullptr) std::ofstream(path) << ToJson(plan);
  std::stringstream file;
  file << std::ifstream(path).rdbuf();
  EXPECT_EQ(file.str(), ToJson(plan)) << "regenerate with SVC_UPDATE_GOLDEN=1";
}

TEST(PlanJson, ReplacesInvalidUtf8InsteadOfThrowing) {
  Plan plan;
  plan.supervisord.identifier = "bad\xff";
  EXPECT_NE(ToJson(plan).find("bad\xef\xbf\xbd"), std::string::npos);
}

// The writer's escaping against nlohmann's dump(): every ASCII byte, valid and invalid UTF-8.
TEST(PlanJson, EscapesAsNlohmannDoes) {
  std::string all;
  for (int c = 1; c < 128; ++c) all += static_cast<char>(c);
  for (const std::string& text :
       {all, std::string("plain"), std::string("caf\xc3\xa9 \"q\" \\ \x01\x1f\x7f"),
        std::string("\xe2\x82\xac\xf0\x9f\x98\x80 \xc3 \xed\xa0\x80 \xf4\x90\x80\x80")}) {
    Plan plan;
    plan.supervisord.identifier = text;
    Json expected = Json::parse(ToJson(Plan{}));
    expected["supervisord"]["identifier"] = text;
    EXPECT_EQ(ToJson(plan), expected.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
  }
}

TEST(Origin, IsAFlatMapSortedByOptionName) {
  Origin origin;
  origin.Set("stopsignal", {0, 3});
  origin.Set("command", {0, 2});
  origin.Set("priority", {0, 4});
  origin.Set("command", {1, 9});  // a later value replaces, in place
  ASSERT_EQ(origin.options.size(), 3u);
  EXPECT_EQ(origin.options[0].first, "command");
  EXPECT_EQ(origin.options[1].first, "priority");
  EXPECT_EQ(origin.options[2].first, "stopsignal");
  ASSERT_NE(origin.Find("command"), nullptr);
  EXPECT_EQ(*origin.Find("command"), (SourceLine{1, 9}));
  EXPECT_EQ(origin.Find("numprocs"), nullptr);
  EXPECT_EQ(origin.Find("zzz"), nullptr);
}

TEST(PlanJsonReject, EmptyText) {
  EXPECT_EQ(FromJson("").error(), "plan is empty");
  EXPECT_EQ(FromJson(" \n\t").error(), "plan is empty");
}

TEST(PlanJsonReject, MalformedJson) {
  auto plan = FromJson("{\"plan_version\": 1,,}");
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().rfind("plan is not valid JSON: parse error at line 1", 0), 0u)
      << plan.error();
}

TEST(PlanJsonReject, EveryTruncation) {
  const std::string text = FullPlanJson();
  for (size_t size = 0; size + 1 < text.size(); ++size) {
    EXPECT_FALSE(FromJson(std::string_view(text).substr(0, size))) << "size " << size;
  }
}

TEST(PlanJsonReject, OtherPlanVersion) {
  EXPECT_EQ(ErrorAfter([](Json& d) { d["plan_version"] = 7; }),
            "plan_version 7 is not supported by this svcd (expects 1)");
  EXPECT_EQ(ErrorAfter([](Json& d) { d["plan_version"] = -1; }),
            "plan_version -1 is not supported by this svcd (expects 1)");
}

TEST(PlanJsonReject, OtherVersionBeforeCheckingFields) {
  EXPECT_EQ(FromJson(R"({"plan_version": 2, "whatever": []})").error(),
            "plan_version 2 is not supported by this svcd (expects 1)");
}

TEST(PlanJsonReject, MissingOrNonIntegerVersion) {
  EXPECT_EQ(FromJson("{}").error(), "plan_version: missing required field");
  EXPECT_EQ(ErrorAfter([](Json& d) { d["plan_version"] = "1"; }),
            "plan_version: expected integer, got string");
  EXPECT_EQ(ErrorAfter([](Json& d) { d["plan_version"] = 1.0; }),
            "plan_version: expected integer, got number");
}

TEST(PlanJsonReject, TopLevelNotAnObject) {
  EXPECT_EQ(FromJson("[1]").error(), "expected a JSON object, got array");
  EXPECT_EQ(FromJson("1").error(), "expected a JSON object, got integer");
}

TEST(PlanJsonReject, WrongTypes) {
  EXPECT_EQ(ErrorAfter([](Json& d) { d["processes"][0]["startsecs"] = "1"; }),
            "processes[0].startsecs: expected integer, got string");
  EXPECT_EQ(ErrorAfter([](Json& d) { d["processes"][0]["autostart"] = 1; }),
            "processes[0].autostart: expected boolean, got integer");
  EXPECT_EQ(ErrorAfter([](Json& d) { d["processes"][0]["argv"][1] = nullptr; }),
            "processes[0].argv[1]: expected string, got null");
  EXPECT_EQ(ErrorAfter([](Json& d) { d["supervisord"]["environment"]["LANG"] = false; }),
            "supervisord.environment.LANG: expected string, got boolean");
  EXPECT_EQ(ErrorAfter([](Json& d) { d["groups"][0]["socket"] = Json::array(); }),
            "groups[0].socket: expected object, got array");
  EXPECT_EQ(ErrorAfter([](Json& d) { d["servers"] = Json::object(); }),
            "servers: expected array, got object");
}

TEST(PlanJsonReject, NullForRequiredValue) {
  EXPECT_EQ(ErrorAfter([](Json& d) { d["processes"][0]["command"] = nullptr; }),
            "processes[0].command: expected string, got null");
}

TEST(PlanJsonReject, MissingField) {
  EXPECT_EQ(ErrorAfter([](Json& d) { d["supervisord"].erase("loglevel"); }),
            "supervisord.loglevel: missing required field");
  EXPECT_EQ(ErrorAfter([](Json& d) { d["processes"][0]["stderr_log"].erase("syslog"); }),
            "processes[0].stderr_log.syslog: missing required field");
}

TEST(PlanJsonReject, UnknownField) {
  EXPECT_EQ(ErrorAfter([](Json& d) { d["processes"][0]["stdout_log"]["colour"] = true; }),
            "processes[0].stdout_log.colour: unknown field");
  EXPECT_EQ(ErrorAfter([](Json& d) { d["extra"] = 1; }), "extra: unknown field");
}

// Origins are "path:line" of a file in source.files, or "" (no origin).
TEST(PlanJsonReject, OriginNotALineOfASourceFile) {
  EXPECT_EQ(ErrorAfter([](Json& d) { d["processes"][0]["origin"]["section"] = "web.conf"; }),
            "processes[0].origin.section: \"web.conf\" is not file:line");
  EXPECT_EQ(ErrorAfter([](Json& d) {
              d["processes"][0]["origin"]["options"]["command"] = "/etc/svc/conf.d/web.conf:0";
            }),
            "processes[0].origin.options.command: \"/etc/svc/conf.d/web.conf:0\" is not file:line");
  EXPECT_EQ(ErrorAfter([](Json& d) { d["supervisord"]["origin"]["section"] = "/other.conf:3"; }),
            "supervisord.origin.section: \"/other.conf:3\" names a file that is not in "
            "source.files");
  EXPECT_EQ(ErrorAfter([](Json& d) { d["supervisord"]["origin"]["section"] = ""; }), "");
}

TEST(PlanJson, OriginsAreWrittenAsPathAndLine) {
  Json doc = Json::parse(FullPlanJson());
  EXPECT_EQ(doc["processes"][0]["origin"]["section"], "/etc/svc/conf.d/web.conf:1");
  EXPECT_EQ(doc["processes"][0]["origin"]["options"]["numprocs"], "/etc/svc/conf.d/web.conf:3");
  EXPECT_EQ(doc["supervisord"]["origin"]["options"]["loglevel"], "/etc/svc/supervisord.conf:4");
  Plan plan = FullPlan();
  plan.processes[0].origin.section = {};
  EXPECT_EQ(Json::parse(ToJson(plan))["processes"][0]["origin"]["section"], "");
}

TEST(PlanJsonReject, ValueOutsideEnum) {
  EXPECT_EQ(ErrorAfter([](Json& d) { d["processes"][0]["kind"] = "daemon"; }),
            "processes[0].kind: \"daemon\" is not one of: program, eventlistener, fcgi-program");
  EXPECT_EQ(ErrorAfter([](Json& d) { d["supervisord"]["loglevel"] = "warning"; }),
            "supervisord.loglevel: \"warning\" is not one of: critical, error, warn, info, debug, "
            "trace, blather");
  EXPECT_NE(ErrorAfter([](Json& d) { d["servers"][0]["family"] = "tcp"; }), "");
  EXPECT_NE(ErrorAfter([](Json& d) { d["processes"][0]["autorestart"] = "yes"; }), "");
  EXPECT_NE(ErrorAfter([](Json& d) { d["processes"][0]["stdout_log"]["logfile"] = "AUTO"; }), "");
}

TEST(PlanJsonReject, IntegerOutOfRange) {
  EXPECT_EQ(ErrorAfter([](Json& d) { d["processes"][0]["exitcodes"][1] = 256; }),
            "processes[0].exitcodes[1]: 256 is out of range (must be between 0 and 255)");
  EXPECT_EQ(ErrorAfter([](Json& d) { d["processes"][0]["startsecs"] = -1; }),
            "processes[0].startsecs: -1 is out of range (must be >= 0)");
  EXPECT_EQ(ErrorAfter([](Json& d) { d["processes"][0]["priority"] = UINT64_MAX; }),
            "processes[0].priority: 18446744073709551615 is too large");
  EXPECT_NE(ErrorAfter([](Json& d) { d["servers"][1]["port"] = 65536; }), "");
}

TEST(PlanJsonReject, FloatForInteger) {
  EXPECT_EQ(ErrorAfter([](Json& d) { d["processes"][0]["stopwaitsecs"] = 1.5; }),
            "processes[0].stopwaitsecs: expected integer, got number");
}

TEST(PlanJsonReject, InvalidUtf8InString) {
  std::string text = FullPlanJson();
  text.replace(text.find("edge-1"), 1, "\xff");
  EXPECT_FALSE(FromJson(text));
}

TEST(PlanJsonReject, BinaryGarbage) {
  std::mt19937 random(42);
  for (int round = 0; round < 200; ++round) {
    std::string bytes(static_cast<size_t>(random() % 512), '\0');
    for (char& c : bytes) c = static_cast<char>(random());
    EXPECT_FALSE(FromJson(bytes));
  }
  EXPECT_FALSE(FromJson(std::string_view("\0\0\0", 3)));
}

TEST(PlanJsonReject, DeepNestingWithoutCrash) {
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(FromJson(deep).error(), "expected a JSON object, got array");
}

TEST(PlanJsonReject, CorruptedBytesNeverCrash) {
  const std::string text = FullPlanJson();
  std::mt19937 random(7);
  for (int round = 0; round < 2000; ++round) {
    std::string corrupt = text;
    corrupt[random() % corrupt.size()] = static_cast<char>(random());
    auto plan = FromJson(corrupt);
    if (plan) {
      EXPECT_EQ(FromJson(ToJson(*plan)), plan);  // whatever is accepted still round-trips
    }
  }
}

}  // namespace
}  // namespace svc::plan
