#include "runtime/options.h"

#include <unistd.h>

#include <cstring>

#include "compiler/values.h"

namespace svc::runtime {
namespace {

struct Flag {
  char short_name;  // 0: long only
  const char* long_name;
  const char* option;  // [supervisord] option it overrides, or "" for the special ones
  bool takes_value;
};

// One row per flag of supervisord 4.2.5 (options.py ServerOptions.__init__).
constexpr Flag kFlags[] = {
    {'c', "configuration", "", true},
    {'n', "nodaemon", "nodaemon", false},
    {'s', "silent", "silent", false},
    {'h', "help", "", false},
    {'v', "version", "", false},
    {'u', "user", "user", true},
    {'m', "umask", "umask", true},
    {'d', "directory", "directory", true},
    {'l', "logfile", "logfile", true},
    {'y', "logfile_maxbytes", "logfile_maxbytes", true},
    {'z', "logfile_backups", "logfile_backups", true},
    {'e', "loglevel", "loglevel", true},
    {'j', "pidfile", "pidfile", true},
    {'i', "identifier", "identifier", true},
    {'q', "childlogdir", "childlogdir", true},
    {'k', "nocleanup", "nocleanup", false},
    {'a', "minfds", "minfds", true},
    {'t', "strip_ansi", "strip_ansi", false},
    {0, "minprocs", "minprocs", true},
    {0, "plan", "", true},
};

const Flag* FindShort(char c) {
  for (const Flag& f : kFlags) {
    if (f.short_name == c) return &f;
  }
  return nullptr;
}

const Flag* FindLong(std::string_view name) {
  for (const Flag& f : kFlags) {
    if (name == f.long_name) return &f;
  }
  return nullptr;
}

tl::expected<void, std::string> Take(const Flag& f, std::string value, Options& o,
                                     const std::string& typed) {
  std::string_view name = f.long_name;
  if (name == "configuration")
    o.config = value;
  else if (name == "plan")
    o.plan = value;
  else if (name == "help")
    o.help = true;
  else if (name == "version")
    o.version = true;
  else
    o.overrides.push_back({f.option, f.takes_value ? value : "true", typed});
  return {};
}

bool Exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

}  // namespace

const char kUsage[] =
    "svcd -- run a set of applications as daemons (supervisord 4.2.5 compatible).\n\n"
    "Usage: svcd [options]\n\n"
    "Options:\n"
    "-c/--configuration FILENAME -- configuration file path (searches if not given)\n"
    "--plan FILENAME -- run a plan built by `svc build` instead of a config file\n"
    "-n/--nodaemon -- run in the foreground (same as 'nodaemon=true' in config file)\n"
    "-s/--silent -- no logs to stdout (maps to 'silent=true' in config file)\n"
    "-h/--help -- print this usage message and exit\n"
    "-v/--version -- print supervisord version number and exit\n"
    "-u/--user USER -- run supervisord as this user (or numeric uid)\n"
    "-m/--umask UMASK -- use this umask for daemon subprocess (default is 022)\n"
    "-d/--directory DIRECTORY -- directory to chdir to when daemonized\n"
    "-l/--logfile FILENAME -- use FILENAME as logfile path\n"
    "-y/--logfile_maxbytes BYTES -- use BYTES to limit the max size of logfile\n"
    "-z/--logfile_backups NUM -- number of backups to keep when max bytes reached\n"
    "-e/--loglevel LEVEL -- use LEVEL as log level (debug,info,warn,error,critical)\n"
    "-j/--pidfile FILENAME -- write a pid file for the daemon process to FILENAME\n"
    "-i/--identifier STR -- identifier used for this instance of supervisord\n"
    "-q/--childlogdir DIRECTORY -- the log directory for child process logs\n"
    "-k/--nocleanup --  prevent the process from performing cleanup (removal of\n"
    "                   old automatic child log files) at startup.\n"
    "-a/--minfds NUM -- the minimum number of file descriptors for start success\n"
    "-t/--strip_ansi -- strip ansi escape codes from process output\n"
    "--minprocs NUM  -- the minimum number of processes available for start success\n";

tl::expected<Options, std::string> ParseOptions(const std::vector<std::string>& argv) {
  Options o;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.rfind("--", 0) == 0 && a.size() > 2) {
      size_t eq = a.find('=');
      std::string name = a.substr(2, eq == std::string::npos ? eq : eq - 2);
      const Flag* f = FindLong(name);
      if (!f) return tl::unexpected("option --" + name + " not recognized");
      std::string value;
      if (f->takes_value) {
        if (eq != std::string::npos)
          value = a.substr(eq + 1);
        else if (i + 1 < argv.size())
          value = argv[++i];
        else
          return tl::unexpected("option --" + name + " requires argument");
      } else if (eq != std::string::npos) {
        return tl::unexpected("option --" + name + " must not have an argument");
      }
      if (auto r = Take(*f, value, o, "--" + name); !r) return tl::unexpected(r.error());
      continue;
    }
    if (a.size() < 2 || a[0] != '-') {
      return tl::unexpected("positional arguments are not supported: ['" + a + "']");
    }
    for (size_t k = 1; k < a.size(); ++k) {
      const Flag* f = a[k] == '?' ? FindShort('h') : FindShort(a[k]);
      if (!f) return tl::unexpected(std::string("option -") + a[k] + " not recognized");
      std::string value;
      std::string typed = std::string("-") + a[k];
      if (f->takes_value) {
        if (k + 1 < a.size())
          value = a.substr(k + 1);
        else if (i + 1 < argv.size())
          value = argv[++i];
        else
          return tl::unexpected(std::string("option -") + a[k] + " requires argument");
        k = a.size();
      }
      if (auto r = Take(*f, value, o, typed); !r) {
        return tl::unexpected(r.error());
      }
    }
  }
  if (o.config && o.plan) return tl::unexpected(std::string("-c and --plan cannot be combined"));
  return o;
}

tl::expected<void, std::string> ApplyOverrides(const Options& options, plan::Plan& plan) {
  using namespace svc::compiler;  // the datatypes of [supervisord]
  plan::Supervisord& s = plan.supervisord;
  for (const auto& [name, value, flag] : options.overrides) {
    auto bad = [&](const std::string& why) -> tl::expected<void, std::string> {
      return tl::unexpected("invalid value for " + flag + " '" + value + "': " + why);
    };
    auto set_int = [&](int64_t& out, Parsed<int64_t> v) -> tl::expected<void, std::string> {
      if (!v) return bad(v.error());
      out = *v;
      return {};
    };
    tl::expected<void, std::string> r;
    if (name == "nodaemon")
      s.nodaemon = true;
    else if (name == "silent")
      s.silent = true;
    else if (name == "nocleanup")
      s.nocleanup = true;
    else if (name == "strip_ansi")
      s.strip_ansi = true;
    else if (name == "user")
      s.user = value;
    else if (name == "directory")
      s.directory = value;
    else if (name == "logfile")
      s.logfile = value;
    else if (name == "pidfile")
      s.pidfile = value;
    else if (name == "identifier")
      s.identifier = value;
    else if (name == "childlogdir")
      s.childlogdir = value;
    else if (name == "umask")
      r = set_int(s.umask, ParseOctal(value));
    else if (name == "logfile_maxbytes")
      r = set_int(s.logfile_maxbytes, ParseByteSize(value));
    else if (name == "logfile_backups")
      r = set_int(s.logfile_backups, ParseInt(value));
    else if (name == "minfds")
      r = set_int(s.minfds, ParseInt(value));
    else if (name == "minprocs")
      r = set_int(s.minprocs, ParseInt(value));
    else if (name == "loglevel") {
      auto level = ParseLogLevel(value);
      if (!level) return bad(level.error());
      s.loglevel = *level;
    }
    if (!r) return r;
  }
  return {};
}

std::optional<std::string> FindDefaultConfig(const std::string& argv0) {
  std::string exe = argv0;
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (argv0.find('/') == std::string::npos && n > 0) exe.assign(buf, static_cast<size_t>(n));
  std::string dir = exe.substr(0, exe.rfind('/') == std::string::npos ? 0 : exe.rfind('/'));
  std::string here = dir.substr(0, dir.rfind('/') == std::string::npos ? 0 : dir.rfind('/'));
  for (std::string candidate :
       {here + "/etc/supervisord.conf", here + "/supervisord.conf", std::string("supervisord.conf"),
        std::string("etc/supervisord.conf"), std::string("/etc/supervisord.conf"),
        std::string("/etc/supervisor/supervisord.conf")}) {
    if (Exists(candidate)) return candidate;
  }
  return std::nullopt;
}

}  // namespace svc::runtime
