// Fingerprints and plan hashes: FNV-1a vectors, sensitivity to every setting, blindness to origin.
#include "schema/fingerprint.h"

#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "schema/plan_json.h"
#include "tests/schema/sample_plan.h"

namespace svc::plan {
namespace {

using testing::FullPlan;
using testing::FullProcess;

using Mutation = std::pair<std::string, std::function<void(Process&)>>;

void MutateLog(LogSpec& log, const std::string& field) {
  if (field == "logfile") log.logfile = "auto";
  if (field == "path") log.path += "x";
  if (field == "logfile_maxbytes") ++log.logfile_maxbytes;
  if (field == "logfile_backups") ++log.logfile_backups;
  if (field == "capture_maxbytes") ++log.capture_maxbytes;
  if (field == "events_enabled") log.events_enabled = !log.events_enabled;
  if (field == "syslog") log.syslog = !log.syslog;
}

const std::vector<std::string> kLogFields = {
    "logfile",        "path",  "logfile_maxbytes", "logfile_backups", "capture_maxbytes",
    "events_enabled", "syslog"};

// One change per setting; nested log settings are named "stdout_log.path" and so on.
std::vector<Mutation> Mutations() {
  std::vector<Mutation> all = {
      {"name", [](Process& p) { p.name += "x"; }},
      {"group", [](Process& p) { p.group += "x"; }},
      {"program", [](Process& p) { p.program += "x"; }},
      {"kind", [](Process& p) { p.kind = "program"; }},
      {"command", [](Process& p) { p.command += " x"; }},
      {"argv", [](Process& p) { p.argv.push_back("x"); }},
      {"process_num", [](Process& p) { ++p.process_num; }},
      {"numprocs", [](Process& p) { ++p.numprocs; }},
      {"priority", [](Process& p) { ++p.priority; }},
      {"autostart", [](Process& p) { p.autostart = !p.autostart; }},
      {"autorestart", [](Process& p) { p.autorestart = "unexpected"; }},
      {"startsecs", [](Process& p) { ++p.startsecs; }},
      {"startretries", [](Process& p) { ++p.startretries; }},
      {"exitcodes", [](Process& p) { p.exitcodes.push_back(3); }},
      {"stopsignal", [](Process& p) { p.stopsignal = "TERM"; }},
      {"stopwaitsecs", [](Process& p) { ++p.stopwaitsecs; }},
      {"stopasgroup", [](Process& p) { p.stopasgroup = !p.stopasgroup; }},
      {"killasgroup", [](Process& p) { p.killasgroup = !p.killasgroup; }},
      {"user", [](Process& p) { p.user.reset(); }},
      {"redirect_stderr", [](Process& p) { p.redirect_stderr = !p.redirect_stderr; }},
      {"environment", [](Process& p) { p.environment["PORT"] = "81"; }},
      {"directory", [](Process& p) { p.directory = "/"; }},
      {"umask", [](Process& p) { p.umask = 0; }},
      {"serverurl", [](Process& p) { p.serverurl.reset(); }},
  };
  for (const std::string& field : kLogFields) {
    all.emplace_back("stdout_log." + field,
                     [field](Process& p) { MutateLog(p.stdout_log, field); });
    all.emplace_back("stderr_log." + field,
                     [field](Process& p) { MutateLog(p.stderr_log, field); });
  }
  return all;
}

TEST(HashHex, MatchesFnv1a64TestVectors) {
  EXPECT_EQ(HashHex(""), "cbf29ce484222325");
  EXPECT_EQ(HashHex("a"), "af63dc4c8601ec8c");
  EXPECT_EQ(HashHex("foobar"), "85944171f73967e8");
}

TEST(HashHex, IsSixteenLowercaseHexDigits) {
  std::string hash = HashHex("\xff\x00 anything");
  ASSERT_EQ(hash.size(), 16u);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(Fingerprint, MutationsCoverEverySetting) {
  nlohmann::json settings = nlohmann::json::parse(ProcessSettingsJson(FullProcess()));
  std::set<std::string> expected;
  for (const auto& [key, value] : settings.items()) {
    if (key != "stdout_log" && key != "stderr_log") expected.insert(key);
  }
  for (const std::string& field : kLogFields) {
    expected.insert("stdout_log." + field);
    expected.insert("stderr_log." + field);
  }
  EXPECT_EQ(settings["stdout_log"].size(), kLogFields.size());
  std::set<std::string> mutated;
  for (const auto& [name, mutate] : Mutations()) mutated.insert(name);
  EXPECT_EQ(mutated, expected);
}

TEST(Fingerprint, ChangesWithEverySetting) {
  const std::string original = Fingerprint(FullProcess());
  for (const auto& [name, mutate] : Mutations()) {
    Process process = FullProcess();
    mutate(process);
    EXPECT_NE(Fingerprint(process), original) << name;
  }
}

TEST(Fingerprint, IgnoresOrigin) {
  Process process = FullProcess();
  process.origin.section = {1, 99};
  process.origin.options.clear();
  EXPECT_EQ(Fingerprint(process), Fingerprint(FullProcess()));
}

TEST(Fingerprint, IgnoresTheFingerprintField) {
  Process process = FullProcess();
  process.fingerprint = "0000000000000000";
  EXPECT_EQ(Fingerprint(process), Fingerprint(FullProcess()));
}

TEST(PlanHash, IgnoresSource) {
  Plan plan = FullPlan();
  plan.source.files = {{"/other/path.conf", "1111111111111111"}};
  plan.source.hash = "anything";
  EXPECT_EQ(PlanHash(plan), PlanHash(FullPlan()));
}

TEST(PlanHash, ChangesWithContent) {
  Plan plan = FullPlan();
  plan.supervisord.minfds += 1;
  EXPECT_NE(PlanHash(plan), PlanHash(FullPlan()));
}

TEST(Seal, FillsFingerprintsThenPlanHash) {
  Plan plan = FullPlan();
  Seal(plan);
  EXPECT_EQ(plan.processes[0].fingerprint, Fingerprint(FullProcess()));
  EXPECT_EQ(plan.source.hash, PlanHash(plan));
}

// Seal hashes four processes side by side: every process, in a group of four or in the tail,
// whatever the lengths of the texts, gets the fingerprint it has alone.
TEST(Seal, EveryProcessGetsItsOwnFingerprint) {
  Plan plan = FullPlan();
  plan.processes.clear();
  for (int i = 0; i < 11; ++i) {
    Process p = FullProcess();
    p.name = "web" + std::to_string(i);
    p.command += std::string(static_cast<size_t>(i * 7), 'x');  // texts of different lengths
    plan.processes.push_back(p);
  }
  Seal(plan);
  std::set<std::string> distinct;
  for (const Process& p : plan.processes) {
    EXPECT_EQ(p.fingerprint, Fingerprint(p)) << p.name;
    distinct.insert(p.fingerprint);
  }
  EXPECT_EQ(distinct.size(), plan.processes.size());
  EXPECT_EQ(plan.source.hash, PlanHash(plan));
}

TEST(Seal, IsIdempotent) {
  Plan once = FullPlan();
  Seal(once);
  Plan twice = once;
  Seal(twice);
  EXPECT_EQ(twice, once);
}

}  // namespace
}  // namespace svc::plan

namespace svc::plan {
namespace {

// A plan's hash follows its settings, not where they were written: moving a line must not
// look like a change to svcd's update.
TEST(PlanHash, IgnoresOrigins) {
  Plan moved = testing::FullPlan();
  for (Process& p : moved.processes) p.origin.section.line += 10;
  moved.supervisord.origin.section.line += 10;
  EXPECT_EQ(PlanHash(moved), PlanHash(testing::FullPlan()));
}

}  // namespace
}  // namespace svc::plan
