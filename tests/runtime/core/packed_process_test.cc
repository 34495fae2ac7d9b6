// PackProcess / PackGroup: every setting survives the round trip, and packing is small.
#include "runtime/core/packed_process.h"

#include <gtest/gtest.h>

namespace svc::runtime::core {
namespace {

plan::Process Full() {
  plan::Process p;
  p.name = "web_07";
  p.group = "web";
  p.program = "web";
  p.kind = "fcgi-program";
  p.command = "/usr/bin/server --port 80 'a b'";
  p.argv = {"/usr/bin/server", "--port", "80", "a b", ""};
  p.process_num = 7;
  p.numprocs = 12;
  p.priority = -5;
  p.autostart = false;
  p.autorestart = "true";
  p.startsecs = 0;
  p.startretries = 1LL << 40;
  p.exitcodes = {0, 2, -1, 255};
  p.stopsignal = "KILL";
  p.stopwaitsecs = 3600;
  p.stopasgroup = true;
  p.killasgroup = true;
  p.user = "nobody";
  p.redirect_stderr = true;
  p.stdout_log = {"path", "/var/log/web.log", INT64_MAX, 0, 1024, true, true};
  p.stderr_log = {"none", "", 0, INT64_MIN, -1, false, true};
  p.environment = {{"A", "1"}, {"EMPTY", ""}, {"PATH", "/bin:/usr/bin"}};
  p.directory = "/srv/web";
  p.umask = 022;
  p.serverurl = "unix:///tmp/s.sock";
  p.fingerprint = "0123456789abcdef0123456789abcdef";
  return p;
}

TEST(PackedProcess, EverySettingSurvivesTheRoundTrip) {
  const plan::Process p = Full();
  EXPECT_EQ(UnpackProcess(PackProcess(p)), p);
}

TEST(PackedProcess, DefaultsAndEmptyOptionalsSurviveTheRoundTrip) {
  plan::Process p;
  p.name = "x";
  EXPECT_EQ(UnpackProcess(PackProcess(p)), p);
  p.umask = 0;
  p.user = "";
  EXPECT_EQ(UnpackProcess(PackProcess(p)), p);
}

TEST(PackedProcess, OriginIsLeftOut) {
  plan::Process p = Full();
  p.origin.section = {0, 3};
  p.origin.Set("command", {0, 4});
  const plan::Process back = UnpackProcess(PackProcess(p));
  EXPECT_EQ(back.origin, plan::Origin{});
  p.origin = {};
  EXPECT_EQ(back, p);
}

TEST(PackedProcess, ATypicalProgramPacksSmall) {
  plan::Process p;
  p.name = p.group = p.program = "p0001";
  p.kind = "program";
  p.command = "sleep 1000";
  p.argv = {"sleep", "1000"};
  p.fingerprint = "0123456789abcdef";
  EXPECT_LT(PackProcess(p).size(), 160u);  // 128: a plan::Process is over 800
}

TEST(PackedGroup, EverySettingSurvivesTheRoundTrip) {
  plan::Group g;
  g.name = "pool";
  g.kind = "fcgi-program";
  g.priority = -3;
  g.processes = {"pool_00", "pool_01"};
  g.events = {"PROCESS_STATE", "TICK_60"};
  g.buffer_size = 100;
  g.result_handler = "supervisor.dispatchers:default_handler";
  g.socket = plan::FcgiSocket{"unix:///tmp/f.sock", 16, "www:www", 0660};
  EXPECT_EQ(UnpackGroup(PackGroup(g)), g);
  g.socket = plan::FcgiSocket{"tcp://localhost:9000", std::nullopt, std::nullopt, std::nullopt};
  EXPECT_EQ(UnpackGroup(PackGroup(g)), g);
  EXPECT_EQ(UnpackGroup(PackGroup(plan::Group{})), plan::Group{});
}

// Kinds are packed as codes and a lone member named like its group as a flag: both must come
// back exactly, including kinds and members that only look alike.
TEST(PackedGroup, KindsAndLoneMembersSurviveTheRoundTrip) {
  for (const char* kind : {"program", "eventlistener", "fcgi-program", "", "Program", "other"}) {
    plan::Group g;
    g.name = "p0000";
    g.kind = kind;
    for (const std::vector<std::string>& members :
         {std::vector<std::string>{}, {"p0000"}, {"p000"}, {"p0000", "p0000"}, {"x", "p0000"}}) {
      g.processes = members;
      EXPECT_EQ(UnpackGroup(PackGroup(g)), g) << kind << " " << members.size();
    }
  }
}

// A [program:x] group with a short name packs into std::string's inline buffer: no heap block.
TEST(PackedGroup, ProgramGroupOfShortNameStaysInline) {
  plan::Group g;
  g.name = "p0000";
  g.processes = {"p0000"};
  EXPECT_LE(PackGroup(g).size(), 15u);
}

}  // namespace
}  // namespace svc::runtime::core
