// The plan: the validated, flattened contract between the compiler (svc) and the runtime (svcd).
// Plain aggregates with operator==; JSON field names equal the member names (plan_json.cc), and
// schema/plan.schema.json is the authority on the serialized form.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace svc::plan {

inline constexpr int kPlanVersion = 1;

struct SourceFile {
  std::string path;
  std::string hash;  // content hash (hex)
  bool operator==(const SourceFile&) const = default;
};

// A line of a source file: `file` indexes Plan::source.files (-1: none). Written to JSON as
// "path:line"; kept as two numbers because every option of every process has one, and 10,000
// processes would otherwise carry 100,000 heap strings.
struct SourceLine {
  int32_t file = -1;
  int32_t line = 0;
  bool valid() const { return file >= 0; }
  bool operator==(const SourceLine&) const = default;
};

// "path:line" of `where` among `files` ("" when it names no file of them).
std::string SourceLineText(const std::vector<SourceFile>& files, SourceLine where);

// Option name -> where it was set, sorted by name without repeats: a flat map, since every
// process carries a dozen of them and a 10,000-process plan would otherwise hold 100,000s of
// tree nodes.
using OriginOptions = std::vector<std::pair<std::string, SourceLine>>;

// Where a setting came from. Defaults carry no origin.
struct Origin {
  SourceLine section;     // the [section] header
  OriginOptions options;  // option name -> its line
  // The line of `option`, or nullptr when it was left at its default.
  const SourceLine* Find(std::string_view option) const {
    auto it = Lower(option);
    return it != options.end() && it->first == option ? &it->second : nullptr;
  }
  // Sets the line of `option`, keeping the names sorted.
  void Set(std::string_view option, SourceLine where) {
    auto it = Lower(option);
    if (it != options.end() && it->first == option) {
      it->second = where;
    } else {
      options.emplace(it, std::string(option), where);
    }
  }
  bool operator==(const Origin&) const = default;

 private:
  OriginOptions::const_iterator Lower(std::string_view option) const {
    return std::lower_bound(
        options.begin(), options.end(), option,
        [](const auto& entry, std::string_view key) { return entry.first < key; });
  }
  OriginOptions::iterator Lower(std::string_view option) {
    return std::lower_bound(
        options.begin(), options.end(), option,
        [](const auto& entry, std::string_view key) { return entry.first < key; });
  }
};

// One output channel (stdout or stderr) of a process.
struct LogSpec {
  std::string logfile = "auto";  // "auto" | "none" | "path"
  std::string path;              // the absolute path when logfile == "path", else ""
  int64_t logfile_maxbytes = 50 * 1024 * 1024;
  int64_t logfile_backups = 10;
  int64_t capture_maxbytes = 0;
  bool events_enabled = false;
  bool syslog = false;
  bool operator==(const LogSpec&) const = default;
};

// One fully expanded process (numprocs already unrolled).
struct Process {
  std::string name;     // process name, unique within its group
  std::string group;    // group name; the namespec is group:name
  std::string program;  // the section name after "program:"/"eventlistener:"/"fcgi-program:"
  std::string kind;     // "program" | "eventlistener" | "fcgi-program"
  std::string command;  // expanded command line, as written
  std::vector<std::string> argv;  // command split as supervisord splits it (POSIX shlex)
  int64_t process_num = 0;
  int64_t numprocs = 1;
  int64_t priority = 999;
  bool autostart = true;
  std::string autorestart = "unexpected";  // "true" | "false" | "unexpected"
  int64_t startsecs = 1;
  int64_t startretries = 3;
  std::vector<int64_t> exitcodes = {0};
  std::string stopsignal = "TERM";  // signal name without SIG
  int64_t stopwaitsecs = 10;
  bool stopasgroup = false;
  bool killasgroup = false;
  std::optional<std::string> user;
  bool redirect_stderr = false;
  LogSpec stdout_log;
  LogSpec stderr_log;
  // [supervisord] environment merged with the program's own (program wins).
  std::map<std::string, std::string> environment;
  std::optional<std::string> directory;
  std::optional<int64_t> umask;
  std::optional<std::string> serverurl;  // nullopt = AUTO (supervisord's own URL)
  std::string fingerprint;               // hash of every setting above
  Origin origin;
  bool operator==(const Process&) const = default;
};

// fcgi-program socket settings, shared by every process of the group.
struct FcgiSocket {
  std::string url;  // unix:///abs/path or tcp://host:port
  std::optional<int64_t> backlog;
  std::optional<std::string> owner;  // "user" or "user:group"
  std::optional<int64_t> mode;
  bool operator==(const FcgiSocket&) const = default;
};

struct Group {
  std::string name;
  std::string kind = "program";  // "program" | "eventlistener" | "fcgi-program"
  int64_t priority = 999;
  std::vector<std::string> processes;  // member process names, in start order
  // eventlistener pools only
  std::vector<std::string> events;
  int64_t buffer_size = 10;
  std::string result_handler;
  // fcgi-program groups only
  std::optional<FcgiSocket> socket;
  bool operator==(const Group&) const = default;
};

struct Supervisord {
  std::string logfile = "supervisord.log";  // absolute path, or "syslog"
  int64_t logfile_maxbytes = 50 * 1024 * 1024;
  int64_t logfile_backups = 10;
  std::string loglevel = "info";
  std::string pidfile = "supervisord.pid";
  int64_t umask = 022;
  bool nodaemon = false;
  bool silent = false;
  int64_t minfds = 1024;
  int64_t minprocs = 200;
  bool nocleanup = false;
  std::string childlogdir = "/tmp";
  std::optional<std::string> user;
  std::optional<std::string> directory;
  bool strip_ansi = false;
  std::map<std::string, std::string> environment;
  std::string identifier = "supervisor";
  Origin origin;
  bool operator==(const Supervisord&) const = default;
};

// An [unix_http_server] or [inet_http_server] section (or a :NAME variant).
struct Server {
  std::string section;  // e.g. "unix_http_server", "inet_http_server:second"
  std::string family;   // "unix" | "inet"
  // unix
  std::string file;
  int64_t chmod = 0700;
  std::optional<std::string> chown;
  // inet
  std::string host;  // "" = all interfaces
  int64_t port = 0;
  std::optional<std::string> username;
  std::optional<std::string> password;  // as written (plain or {SHA}hex)
  bool operator==(const Server&) const = default;
};

struct Ctl {
  std::string serverurl = "http://localhost:9001";
  std::optional<std::string> username;
  std::optional<std::string> password;
  std::string prompt = "supervisor";
  std::optional<std::string> history_file;
  bool operator==(const Ctl&) const = default;
};

// [rpcinterface:x] and [ctlplugin:x]: a factory spec plus its extra keys.
struct Plugin {
  std::string name;
  std::string factory;
  std::map<std::string, std::string> options;
  bool operator==(const Plugin&) const = default;
};

struct Source {
  std::vector<SourceFile> files;  // main config first, then includes in read order
  std::string hash;               // hash of the plan's content (everything but `source`)
  bool operator==(const Source&) const = default;
};

struct Plan {
  int64_t plan_version = kPlanVersion;
  Source source;
  Supervisord supervisord;
  std::vector<Server> servers;
  std::optional<Ctl> ctl;
  std::vector<Plugin> rpcinterfaces;
  std::vector<Plugin> ctlplugins;
  std::vector<Group> groups;       // sorted by (priority, name): start order
  std::vector<Process> processes;  // in group order, then member order
  bool operator==(const Plan&) const = default;
};

}  // namespace svc::plan
