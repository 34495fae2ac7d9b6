// One table per plan struct: its JSON field names, in one place, with the constraints a reader
// enforces. plan_json.cc walks these tables to write JSON and to read it back, so the writer and
// the reader cannot disagree. Internal to svc_plan; schema/plan.schema.json mirrors these rules.
#pragma once

#include <array>
#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

#include "schema/plan.h"

// Every table lists its fields in ascending key order: the writer streams canonical JSON (sorted
// keys) by walking a table once. tests/schema checks the order.
namespace svc::plan::fields {

struct IntRange {
  int64_t min = std::numeric_limits<int64_t>::min();
  int64_t max = std::numeric_limits<int64_t>::max();
};

// What a reader checks beyond the JSON type; applies to the leaves of vectors and optionals.
struct Rule {
  std::optional<IntRange> range;
  std::span<const std::string_view> choices;  // empty = any string
};

inline constexpr std::array<std::string_view, 3> kKinds = {"program", "eventlistener",
                                                           "fcgi-program"};
inline constexpr std::array<std::string_view, 3> kAutorestart = {"true", "false", "unexpected"};
inline constexpr std::array<std::string_view, 3> kLogfile = {"auto", "none", "path"};
inline constexpr std::array<std::string_view, 2> kFamilies = {"unix", "inet"};
// supervisord's LevelsByName (supervisor/loggers.py), most to least severe.
inline constexpr std::array<std::string_view, 7> kLogLevels = {
    "critical", "error", "warn", "info", "debug", "trace", "blather"};

inline constexpr Rule kNonNegative{IntRange{0}, {}};
inline constexpr Rule kPositive{IntRange{1}, {}};
inline constexpr Rule kExitCode{IntRange{0, 255}, {}};  // supervisord's list_of_exitcodes
inline constexpr Rule kUmask{IntRange{0, 0777}, {}};
inline constexpr Rule kFileMode{IntRange{0, 07777}, {}};
inline constexpr Rule kPort{IntRange{0, 65535}, {}};
inline constexpr Rule kKind{std::nullopt, kKinds};
inline constexpr Rule kAutorestartRule{std::nullopt, kAutorestart};
inline constexpr Rule kLogfileRule{std::nullopt, kLogfile};
inline constexpr Rule kFamily{std::nullopt, kFamilies};
inline constexpr Rule kLogLevel{std::nullopt, kLogLevels};

// S is T or const T, so one table serves both writing and reading.
template <class S, class T>
concept Of = std::same_as<std::remove_const_t<S>, T>;

// Each Visit calls v(name, member) or v(name, member, rule) for every member, in any order (the
// JSON output is key-sorted).
template <Of<Origin> S, class V>
void Visit(S& s, V& v) {
  v("options", s.options);
  v("section", s.section);
}

template <Of<LogSpec> S, class V>
void Visit(S& s, V& v) {
  v("capture_maxbytes", s.capture_maxbytes, kNonNegative);
  v("events_enabled", s.events_enabled);
  v("logfile", s.logfile, kLogfileRule);
  v("logfile_backups", s.logfile_backups, kNonNegative);
  v("logfile_maxbytes", s.logfile_maxbytes, kNonNegative);
  v("path", s.path);
  v("syslog", s.syslog);
}

template <Of<Process> S, class V>
void Visit(S& s, V& v) {
  v("argv", s.argv);
  v("autorestart", s.autorestart, kAutorestartRule);
  v("autostart", s.autostart);
  v("command", s.command);
  v("directory", s.directory);
  v("environment", s.environment);
  v("exitcodes", s.exitcodes, kExitCode);
  v("fingerprint", s.fingerprint);
  v("group", s.group);
  v("killasgroup", s.killasgroup);
  v("kind", s.kind, kKind);
  v("name", s.name);
  v("numprocs", s.numprocs, kPositive);
  v("origin", s.origin);
  v("priority", s.priority);
  v("process_num", s.process_num);
  v("program", s.program);
  v("redirect_stderr", s.redirect_stderr);
  v("serverurl", s.serverurl);
  v("startretries", s.startretries, kNonNegative);
  v("startsecs", s.startsecs, kNonNegative);
  v("stderr_log", s.stderr_log);
  v("stdout_log", s.stdout_log);
  v("stopasgroup", s.stopasgroup);
  v("stopsignal", s.stopsignal);
  v("stopwaitsecs", s.stopwaitsecs, kNonNegative);
  v("umask", s.umask, kUmask);
  v("user", s.user);
}

template <Of<FcgiSocket> S, class V>
void Visit(S& s, V& v) {
  v("backlog", s.backlog, kPositive);
  v("mode", s.mode, kFileMode);
  v("owner", s.owner);
  v("url", s.url);
}

template <Of<Group> S, class V>
void Visit(S& s, V& v) {
  v("buffer_size", s.buffer_size, kPositive);
  v("events", s.events);
  v("kind", s.kind, kKind);
  v("name", s.name);
  v("priority", s.priority);
  v("processes", s.processes);
  v("result_handler", s.result_handler);
  v("socket", s.socket);
}

template <Of<Supervisord> S, class V>
void Visit(S& s, V& v) {
  v("childlogdir", s.childlogdir);
  v("directory", s.directory);
  v("environment", s.environment);
  v("identifier", s.identifier);
  v("logfile", s.logfile);
  v("logfile_backups", s.logfile_backups, kNonNegative);
  v("logfile_maxbytes", s.logfile_maxbytes, kNonNegative);
  v("loglevel", s.loglevel, kLogLevel);
  v("minfds", s.minfds, kNonNegative);
  v("minprocs", s.minprocs, kNonNegative);
  v("nocleanup", s.nocleanup);
  v("nodaemon", s.nodaemon);
  v("origin", s.origin);
  v("pidfile", s.pidfile);
  v("silent", s.silent);
  v("strip_ansi", s.strip_ansi);
  v("umask", s.umask, kUmask);
  v("user", s.user);
}

template <Of<Server> S, class V>
void Visit(S& s, V& v) {
  v("chmod", s.chmod, kFileMode);
  v("chown", s.chown);
  v("family", s.family, kFamily);
  v("file", s.file);
  v("host", s.host);
  v("password", s.password);
  v("port", s.port, kPort);
  v("section", s.section);
  v("username", s.username);
}

template <Of<Ctl> S, class V>
void Visit(S& s, V& v) {
  v("history_file", s.history_file);
  v("password", s.password);
  v("prompt", s.prompt);
  v("serverurl", s.serverurl);
  v("username", s.username);
}

template <Of<Plugin> S, class V>
void Visit(S& s, V& v) {
  v("factory", s.factory);
  v("name", s.name);
  v("options", s.options);
}

template <Of<SourceFile> S, class V>
void Visit(S& s, V& v) {
  v("hash", s.hash);
  v("path", s.path);
}

template <Of<Source> S, class V>
void Visit(S& s, V& v) {
  v("files", s.files);
  v("hash", s.hash);
}

// A reader checks plan_version on its own before this table, so that a plan of another version
// gets a version message rather than complaints about its fields.
template <Of<Plan> S, class V>
void Visit(S& s, V& v) {
  v("ctl", s.ctl);
  v("ctlplugins", s.ctlplugins);
  v("groups", s.groups);
  v("plan_version", s.plan_version);
  v("processes", s.processes);
  v("rpcinterfaces", s.rpcinterfaces);
  v("servers", s.servers);
  v("source", s.source);
  v("supervisord", s.supervisord);
}

}  // namespace svc::plan::fields
