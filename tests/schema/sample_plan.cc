// Builds the fully populated sample plan (see sample_plan.h).
#include "tests/schema/sample_plan.h"

namespace svc::plan::testing {
namespace {

Supervisord FullSupervisord() {
  Supervisord s;
  s.logfile = "/var/log/svc/supervisord.log";
  s.logfile_maxbytes = 1024;
  s.logfile_backups = 3;
  s.loglevel = "debug";
  s.pidfile = "/run/svc/supervisord.pid";
  s.umask = 027;
  s.nodaemon = true;
  s.silent = true;
  s.minfds = 4096;
  s.minprocs = 300;
  s.nocleanup = true;
  s.childlogdir = "/var/log/svc";
  s.user = "svc";
  s.directory = "/srv";
  s.strip_ansi = true;
  s.environment = {{"LANG", "C.UTF-8"}, {"GREETING", "caf\u00e9 \"quoted\"\\\n"}};
  s.identifier = "edge-1";
  s.origin = {{0, 1}, {{"loglevel", {0, 4}}}};  // /etc/svc/supervisord.conf:1 and :4
  return s;
}

std::vector<Server> FullServers() {
  Server unix_server{.section = "unix_http_server",
                     .family = "unix",
                     .file = "/run/svc/supervisor.sock",
                     .chmod = 0770,
                     .chown = "svc:svc",
                     .host = "",
                     .port = 0,
                     .username = "admin",
                     .password = "{SHA}7c4a8d09ca3762af61e59520943dc26494f8941b"};
  Server inet_server{.section = "inet_http_server:second",
                     .family = "inet",
                     .file = "",
                     .chmod = 0700,
                     .chown = std::nullopt,
                     .host = "127.0.0.1",
                     .port = 9001,
                     .username = "web",
                     .password = "secret"};
  return {unix_server, inet_server};
}

Group FullGroup() {
  return Group{.name = "web",
               .kind = "fcgi-program",
               .priority = 100,
               .processes = {"web_00"},
               .events = {"PROCESS_STATE"},
               .buffer_size = 20,
               .result_handler = "supervisor.dispatchers:default_handler",
               .socket = FcgiSocket{.url = "unix:///run/svc/web.sock",
                                    .backlog = 128,
                                    .owner = "www-data:www-data",
                                    .mode = 0660}};
}

LogSpec FullLog(const std::string& path) {
  return LogSpec{.logfile = "path",
                 .path = path,
                 .logfile_maxbytes = 2048,
                 .logfile_backups = 2,
                 .capture_maxbytes = 512,
                 .events_enabled = true,
                 .syslog = true};
}

}  // namespace

Process FullProcess() {
  Process p;
  p.name = "web_00";
  p.group = "web";
  p.program = "web";
  p.kind = "fcgi-program";
  p.command = "/usr/bin/web --port 80 'two words'";
  p.argv = {"/usr/bin/web", "--port", "80", "two words"};
  p.process_num = 5;
  p.numprocs = 2;
  p.priority = 100;
  p.autostart = false;
  p.autorestart = "true";
  p.startsecs = 3;
  p.startretries = 7;
  p.exitcodes = {0, 2};
  p.stopsignal = "QUIT";
  p.stopwaitsecs = 30;
  p.stopasgroup = true;
  p.killasgroup = true;
  p.user = "www-data";
  p.redirect_stderr = true;
  p.stdout_log = FullLog("/var/log/svc/web.out");
  p.stderr_log = FullLog("/var/log/svc/web.err");
  p.environment = {{"PORT", "80"}, {"LANG", "C.UTF-8"}};
  p.directory = "/srv/web";
  p.umask = 002;
  p.serverurl = "unix:///run/svc/supervisor.sock";
  p.origin = {{1, 1}, {{"command", {1, 2}}, {"numprocs", {1, 3}}}};  // /etc/svc/conf.d/web.conf
  return p;
}

Plan FullPlan() {
  Plan plan;
  plan.source.files = {{"/etc/svc/supervisord.conf", "0123456789abcdef"},
                       {"/etc/svc/conf.d/web.conf", "fedcba9876543210"}};
  plan.supervisord = FullSupervisord();
  plan.servers = FullServers();
  plan.ctl = Ctl{.serverurl = "unix:///run/svc/supervisor.sock",
                 .username = "admin",
                 .password = "123456",
                 .prompt = "edge",
                 .history_file = "~/.svc_history"};
  plan.rpcinterfaces = {
      {"supervisor", "supervisor.rpcinterface:make_main_rpcinterface", {{"retries", "3"}}}};
  plan.ctlplugins = {{"extra", "extra.plugin:make_plugin", {{"color", "yes"}}}};
  plan.groups = {FullGroup()};
  plan.processes = {FullProcess()};
  return plan;
}

}  // namespace svc::plan::testing
