#include "compiler/option_table.h"

#include <algorithm>
#include <unordered_map>

namespace svc::compiler {
namespace {

constexpr uint32_t P = kProcessSections;
using T = OptType;

// Rows follow supervisord's documentation order within each section.
const std::vector<OptionRow> kOptions = {
    // [supervisord]
    {"logfile", kSupervisord, T::kDirPath, "supervisord.log", "main log file, or 'syslog'"},
    {"logfile_maxbytes", kSupervisord, T::kByteSize, "50MB",
     "rotate the main log at this size; 0 = never"},
    {"logfile_backups", kSupervisord, T::kInt, "10", "rotated main log files kept; 0 = none"},
    {"loglevel", kSupervisord, T::kLogLevel, "info",
     "critical, error, warn, info, debug, trace or blather"},
    {"pidfile", kSupervisord, T::kDirPath, "supervisord.pid", "pid file of the daemon"},
    {"umask", kSupervisord, T::kOctal, "022", "umask of the daemon (applied when daemonizing)"},
    {"nodaemon", kSupervisord, T::kBool, "false", "stay in the foreground"},
    {"silent", kSupervisord, T::kBool, "false", "with nodaemon, do not copy the log to stdout"},
    {"minfds", kSupervisord, T::kInt, "1024", "file descriptors that must be available at start"},
    {"minprocs", kSupervisord, T::kInt, "200", "processes that must be available at start"},
    {"nocleanup", kSupervisord, T::kBool, "false", "keep old AUTO child logs at start"},
    {"childlogdir", kSupervisord, T::kDirectory, "$TMPDIR", "directory of AUTO child logs"},
    {"user", kSupervisord | P, T::kUser, "", "switch to this user (name or uid)"},
    {"directory", kSupervisord | P, T::kDirectory, "",
     "chdir here first (daemon: when daemonizing)"},
    {"strip_ansi", kSupervisord, T::kBool, "false", "strip ANSI escape sequences from child logs"},
    {"environment", kSupervisord | P, T::kKeyValues, "",
     "KEY=\"value\",KEY2=\"value\" added to the environment"},
    {"identifier", kSupervisord, T::kString, "supervisor",
     "name of this supervisord in RPC and events"},
    // [unix_http_server] / [inet_http_server]
    {"file", kUnixHttp, T::kString, "(required)", "path of the unix socket"},
    {"chmod", kUnixHttp, T::kOctal, "0700", "mode of the unix socket"},
    {"chown", kUnixHttp, T::kUserGroup, "", "user or user:group owning the unix socket"},
    {"port", kInetHttp, T::kInetAddress, "(required)", "host:port, or *:port for every interface"},
    {"username", kUnixHttp | kInetHttp | kCtl, T::kString, "", "user name for HTTP basic auth"},
    {"password", kUnixHttp | kInetHttp | kCtl, T::kString, "", "password, plain or {SHA}hex"},
    // [supervisorctl]
    {"serverurl", kCtl | P, T::kUrl, "http://localhost:9001",
     "server URL (programs: AUTO = this supervisord)"},
    {"prompt", kCtl, T::kString, "supervisor", "interactive prompt"},
    {"history_file", kCtl, T::kString, "", "readline history file"},
    // [program:x] and friends
    {"command", P, T::kCommand, "(required)", "the program and its arguments"},
    {"process_name", P, T::kName, "%(program_name)s",
     "name of each process; needs %(process_num) when numprocs > 1"},
    {"numprocs", P, T::kInt, "1", "number of processes"},
    {"numprocs_start", P, T::kInt, "0", "first process_num"},
    {"priority", P | kGroup, T::kInt, "999",
     "lower starts first and stops last (eventlisteners: -1)"},
    {"autostart", P, T::kBool, "true", "start when supervisord starts"},
    {"startsecs", P, T::kInt, "1", "seconds up before the start counts as successful"},
    {"startretries", P, T::kInt, "3", "failed starts before FATAL"},
    {"autorestart", P, T::kAutoRestart, "unexpected", "true, false or unexpected"},
    {"exitcodes", P, T::kExitCodes, "0", "expected exit codes"},
    {"stopsignal", P, T::kSignal, "TERM", "signal that asks the program to stop"},
    {"stopwaitsecs", P, T::kInt, "10", "seconds to wait before SIGKILL"},
    {"stopasgroup", P, T::kBool, "false", "send the stop signal to the process group"},
    {"killasgroup", P, T::kBool, "false", "send SIGKILL to the process group"},
    {"redirect_stderr", P, T::kBool, "false", "send stderr to the stdout log"},
    {"stdout_logfile", P, T::kLogfile, "AUTO", "stdout log path, AUTO or NONE"},
    {"stdout_logfile_maxbytes", P, T::kByteSize, "50MB", "rotate at this size; 0 = never"},
    {"stdout_logfile_backups", P, T::kInt, "10", "rotated files kept"},
    {"stdout_capture_maxbytes", P, T::kByteSize, "0", "capture-mode buffer; 0 = off"},
    {"stdout_events_enabled", P, T::kBool, "false", "emit PROCESS_LOG_STDOUT events"},
    {"stdout_syslog", P, T::kBool, "false", "also send stdout to syslog"},
    {"stderr_logfile", P, T::kLogfile, "AUTO", "stderr log path, AUTO or NONE"},
    {"stderr_logfile_maxbytes", P, T::kByteSize, "50MB", "rotate at this size; 0 = never"},
    {"stderr_logfile_backups", P, T::kInt, "10", "rotated files kept"},
    {"stderr_capture_maxbytes", P, T::kByteSize, "0", "capture-mode buffer; 0 = off"},
    {"stderr_events_enabled", P, T::kBool, "false", "emit PROCESS_LOG_STDERR events"},
    {"stderr_syslog", P, T::kBool, "false", "also send stderr to syslog"},
    {"umask", P, T::kOctal, "", "umask of the process (default: inherit)"},
    // [eventlistener:x]
    {"events", kEventListener, T::kEvents, "(required)", "event types to subscribe to"},
    {"buffer_size", kEventListener, T::kInt, "10", "event queue size"},
    {"result_handler", kEventListener, T::kFactory, "supervisor.dispatchers:default_handler",
     "module:callable handling replies"},
    // [fcgi-program:x]
    {"socket", kFcgi, T::kSocket, "(required)", "unix:///abs/path or tcp://host:port"},
    {"socket_backlog", kFcgi, T::kInt, "", "listen() backlog, 1..65535"},
    {"socket_owner", kFcgi, T::kUserGroup, "", "user or user:group owning a unix socket"},
    {"socket_mode", kFcgi, T::kOctal, "0700", "mode of a unix socket"},
    // [group:x]
    {"programs", kGroup, T::kCommaList, "", "comma-separated program names"},
    // [include]
    {"files", kInclude, T::kString, "(required)", "glob patterns, relative to this file"},
    // [rpcinterface:x] / [ctlplugin:x]
    {"supervisor.rpcinterface_factory", kRpcInterface, T::kFactory, "(required)",
     "module:callable"},
    {"supervisor.ctl_factory", kCtlPlugin, T::kFactory, "(required)", "module:callable"},
};

const std::vector<SectionRow> kSections = {
    {kUnixHttp, "unix_http_server", false, "the unix socket HTTP server"},
    {kInetHttp, "inet_http_server", false, "the TCP HTTP server (off by default)"},
    {kSupervisord, "supervisord", false, "the daemon itself"},
    {kCtl, "supervisorctl", false, "how supervisorctl connects"},
    {kProgram, "program:", true, "a program: one or more processes"},
    {kEventListener, "eventlistener:", true, "a pool of event listeners"},
    {kFcgi, "fcgi-program:", true, "a FastCGI program sharing one socket"},
    {kGroup, "group:", true, "a heterogeneous group of programs"},
    {kInclude, "include", false, "more files to read"},
    {kRpcInterface, "rpcinterface:", true, "an XML-RPC interface factory"},
    {kCtlPlugin, "ctlplugin:", true, "a supervisorctl plugin"},
};

}  // namespace

const std::vector<OptionRow>& OptionTable() { return kOptions; }
const std::vector<SectionRow>& SectionTable() { return kSections; }

SectionKind ClassifySection(std::string_view name, std::string* suffix) {
  suffix->clear();
  // supervisord matches server sections by prefix ([inet_http_server:second] is a server).
  for (SectionKind server : {kUnixHttp, kInetHttp}) {
    std::string_view prefix = server == kUnixHttp ? "unix_http_server" : "inet_http_server";
    if (name.substr(0, prefix.size()) == prefix) {
      size_t colon = name.find(':');
      if (colon != name.npos) *suffix = name.substr(colon + 1);
      return server;
    }
  }
  for (const SectionRow& row : kSections) {
    if (row.named && name.substr(0, row.prefix.size()) == row.prefix) {
      *suffix = name.substr(row.prefix.size());
      return row.kind;
    }
    if (!row.named && name == row.prefix) return row.kind;
  }
  return kNoSection;
}

// Every option of every section is looked up (10,000 programs: 150,000 lookups), so by name
// first; a name's rows stay in table order.
const OptionRow* FindOption(SectionKind kind, std::string_view option) {
  static const auto* by_name = [] {
    auto* index = new std::unordered_map<std::string_view, std::vector<const OptionRow*>>;
    for (const OptionRow& row : kOptions) (*index)[row.name].push_back(&row);
    return index;
  }();
  auto it = by_name->find(option);
  if (it == by_name->end()) return nullptr;
  for (const OptionRow* row : it->second) {
    if (row->sections & kind) return row;
  }
  return nullptr;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      // Adjacent transposition ("autorestrat") counts as one edit.
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev[j - 1]);
      }
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

namespace {
std::string Closest(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::string best;
  size_t best_d = std::max<size_t>(2, word.size() / 3) + 1;
  for (std::string_view c : candidates) {
    size_t d = EditDistance(word, c);
    if (d < best_d) {
      best_d = d;
      best = std::string(c);
    }
  }
  return best;
}
}  // namespace

std::string SuggestOption(SectionKind kind, std::string_view option) {
  std::vector<std::string_view> names;
  for (const OptionRow& row : kOptions) {
    if (row.sections & kind) names.push_back(row.name);
  }
  return Closest(option, names);
}

std::string SuggestSection(std::string_view name) {
  size_t colon = name.find(':');
  std::string_view head = colon == name.npos ? name : name.substr(0, colon + 1);
  std::string_view rest = colon == name.npos ? "" : name.substr(colon + 1);
  std::vector<std::string_view> heads;
  for (const SectionRow& row : kSections) heads.push_back(row.prefix);
  std::string lowered(head);
  for (char& c : lowered) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  std::string best = Closest(lowered, heads);
  if (best.empty()) return "";
  return best + std::string(rest);
}

std::string_view SectionKindName(SectionKind kind) {
  for (const SectionRow& row : kSections) {
    if (row.kind == kind) {
      return row.named ? row.prefix.substr(0, row.prefix.size() - 1) : row.prefix;
    }
  }
  return "unknown";
}

}  // namespace svc::compiler
