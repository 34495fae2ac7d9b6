#include "compiler/sections.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>

#include <cerrno>
#include <vector>

#include <unordered_map>

#include "compiler/option_table.h"

namespace svc::compiler {
namespace {

using svc::plan::Origin;

bool IsDir(Context& ctx, const std::string& path) {
  auto it = ctx.dir_cache.find(path);
  if (it != ctx.dir_cache.end()) return it->second;
  struct stat st {};
  bool dir = stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  ctx.dir_cache.emplace(path, dir);
  return dir;
}

// Whether an entry exists, by a reentrant lookup (processes may be built on two threads,
// groups.cc) whose buffer grows until the entry fits, as getpwnam's own does.
template <class Entry, class Key, class Lookup>
bool Exists(Lookup lookup, Key key) {
  Entry entry{};
  Entry* found = nullptr;
  std::vector<char> buf(4096);
  while (lookup(key, &entry, buf.data(), buf.size(), &found) == ERANGE && buf.size() < (1u << 24)) {
    buf.resize(buf.size() * 4);
  }
  return found != nullptr;
}

// Cached per compile: each lookup reads /etc/passwd or /etc/group, and 10,000 processes
// usually name a few users.
bool UserExists(Context& ctx, const std::string& name) {
  auto [it, fresh] = ctx.user_cache.try_emplace("u" + name, false);
  if (!fresh) return it->second;
  if (auto n = ParseInt(name)) {
    return it->second = Exists<passwd>(getpwuid_r, static_cast<uid_t>(*n));
  }
  return it->second = Exists<passwd>(getpwnam_r, name.c_str());
}

bool GroupExists(Context& ctx, const std::string& name) {
  auto [it, fresh] = ctx.user_cache.try_emplace("g" + name, false);
  if (!fresh) return it->second;
  if (auto n = ParseInt(name)) {
    return it->second = Exists<group>(getgrgid_r, static_cast<gid_t>(*n));
  }
  return it->second = Exists<group>(getgrnam_r, name.c_str());
}

Loc ValueLoc(OptionReader& r, const std::string& key) {
  const RawOption* o = r.Raw(key);
  return o ? o->value_loc : r.section().loc;
}

void AuthPair(OptionReader& r, const Scope& env, std::optional<std::string>& user,
              std::optional<std::string>& pass, bool& ok) {
  bool read = r.ReadOptString("username", env, user);
  read &= r.ReadOptString("password", env, pass);
  ok &= read;
  if (read && user.has_value() != pass.has_value()) {
    r.ctx().sink.Error(r.section().loc, "incomplete-auth",
                       "[" + r.section().name + "] sets a " +
                           (user ? "username but no password" : "password but no username") +
                           "; supervisord needs both or neither",
                       static_cast<int>(r.section().name.size() + 2));
    ok = false;
  }
}

bool IsLoopback(const std::string& host) {
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1" || host == "[::1]";
}

}  // namespace

std::string NormalizePath(const Context& ctx, const std::string& path) {
  std::string p = ExpandUser(path);
  if (p.empty() || p[0] != '/') p = ctx.options.cwd + "/" + p;
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= p.size()) {
    size_t slash = p.find('/', i);
    if (slash == std::string::npos) slash = p.size();
    std::string part = p.substr(i, slash - i);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = slash + 1;
  }
  std::string out;
  for (const std::string& s : parts) out += "/" + s;
  return out.empty() ? "/" : out;
}

void CheckDirPath(OptionReader& r, const std::string& key, const std::string& path, bool rejects) {
  if (!r.ctx().options.machine_checks) return;
  std::string p = ExpandUser(path);
  size_t slash = p.rfind('/');
  if (slash == std::string::npos) return;
  std::string dir = slash == 0 ? "/" : p.substr(0, slash);
  if (!IsDir(r.ctx(), dir)) {
    r.ctx().sink.Machine(ValueLoc(r, key), "missing-directory",
                         "the directory of '" + key + "' (" + dir + ") does not exist here", 1,
                         rejects);
  }
}

void CheckDirectory(OptionReader& r, const std::string& key, const std::string& path,
                    bool rejects) {
  if (!r.ctx().options.machine_checks || IsDir(r.ctx(), ExpandUser(path))) return;
  r.ctx().sink.Machine(ValueLoc(r, key), "missing-directory",
                       "'" + key + "' names " + path + ", which is not an existing directory here",
                       1, rejects);
}

void CheckUser(OptionReader& r, const std::string& key, const std::string& user) {
  if (!r.ctx().options.machine_checks || UserExists(r.ctx(), user)) return;
  r.ctx().sink.Machine(ValueLoc(r, key), "unknown-user",
                       "user '" + user + "' of '" + key + "' does not exist on this machine");
}

void CheckUserGroup(OptionReader& r, const std::string& key, const std::string& spec,
                    const char* what) {
  if (!r.ctx().options.machine_checks) return;
  size_t colon = spec.find(':');
  std::string user = spec.substr(0, colon);
  bool ok = UserExists(r.ctx(), user) &&
            (colon == std::string::npos || GroupExists(r.ctx(), spec.substr(colon + 1)));
  if (!ok) {
    r.ctx().sink.Machine(ValueLoc(r, key), "unknown-user",
                         std::string("invalid ") + what + " value " + spec +
                             ": no such user or group on this machine");
  }
}

void CheckKnownNames(Context& ctx) {
  for (const RawSection& s : ctx.raw.sections) {
    std::string suffix;
    SectionKind kind = ClassifySection(s.name, &suffix);
    int len = static_cast<int>(s.name.size() + 2);
    if (kind == kNoSection) {
      std::string hint = SuggestSection(s.name);
      ctx.sink.Warning(s.loc, "unknown-section",
                       "unknown section [" + s.name + "] is ignored by supervisord" +
                           (hint.empty() ? "" : "; did you mean [" + hint + "]?"),
                       len);
      continue;
    }
    if (kind == kRpcInterface || kind == kCtlPlugin) continue;  // free-form factory kwargs
    for (const RawOption& o : s.options) {
      if (o.key.empty() || FindOption(kind, o.key)) continue;  // '' is empty-option-name
      // A [DEFAULT] value that expand_here copied into this section: reported once.
      const RawOption* d = ctx.raw.defaults.Find(o.key);
      if (d && d->key_loc.file == o.key_loc.file && d->key_loc.line == o.key_loc.line) continue;
      std::string hint = SuggestOption(kind, o.key);
      ctx.sink.Warning(o.key_loc, "unknown-option",
                       "unknown option '" + o.key + "' in [" + s.name +
                           "] is ignored by supervisord" +
                           (hint.empty() ? "" : "; did you mean '" + hint + "'?"),
                       o.key_len);
    }
  }
  for (const RawOption& o : ctx.raw.defaults.options) {
    bool known = false;
    for (const OptionRow& row : OptionTable()) known |= row.name == o.key;
    if (!known) {
      ctx.sink.Warning(o.key_loc, "unknown-option",
                       "unknown option '" + o.key + "' in [DEFAULT] is ignored by supervisord",
                       o.key_len);
    }
  }
}

bool BuildSupervisord(Context& ctx, svc::plan::Supervisord& out) {
  const RawSection* s = ctx.raw.Find("supervisord");
  if (!s) {
    ctx.sink.Error({0, 1, 1}, "missing-supervisord-section",
                   "the config has no [supervisord] section; supervisord refuses to start");
    return false;
  }
  out.origin.section = Context::Line(s->loc);
  out.childlogdir = ctx.options.tmpdir;
  OptionReader r(ctx, *s, &out.origin);
  Scope scope{&ctx.here_map, &ctx.env};
  bool ok = true;
  ok &= r.Read("minfds", scope, ParseInt, "bad-integer", out.minfds);
  ok &= r.Read("minprocs", scope, ParseInt, "bad-integer", out.minprocs);
  ok &= r.ReadOptString("directory", scope, out.directory);
  if (out.directory) CheckDirectory(r, "directory", *out.directory);
  ok &= r.ReadOptString("user", scope, out.user);
  if (out.user) CheckUser(r, "user", *out.user);
  ok &= r.Read("umask", scope, ParseOctal, "bad-octal", out.umask);
  ok &= r.ReadString("logfile", scope, out.logfile);
  if (out.logfile != "syslog") {
    if (r.Has("logfile")) CheckDirPath(r, "logfile", out.logfile);
    out.logfile = NormalizePath(ctx, out.logfile);
  }
  ok &= r.Read("logfile_maxbytes", scope, ParseByteSize, "bad-byte-size", out.logfile_maxbytes);
  ok &= r.Read("logfile_backups", scope, ParseInt, "bad-integer", out.logfile_backups);
  ok &= r.Read("loglevel", scope, ParseLogLevel, "bad-loglevel", out.loglevel);
  ok &= r.ReadString("pidfile", scope, out.pidfile);
  if (r.Has("pidfile")) CheckDirPath(r, "pidfile", out.pidfile);
  out.pidfile = NormalizePath(ctx, out.pidfile);
  ok &= r.ReadString("identifier", scope, out.identifier);
  ok &= r.Read("nodaemon", scope, ParseBool, "bad-boolean", out.nodaemon);
  ok &= r.Read("silent", scope, ParseBool, "bad-boolean", out.silent);
  ok &= r.ReadString("childlogdir", scope, out.childlogdir);
  if (r.Has("childlogdir")) CheckDirectory(r, "childlogdir", out.childlogdir);
  out.childlogdir = ExpandUser(out.childlogdir);
  ok &= r.Read("nocleanup", scope, ParseBool, "bad-boolean", out.nocleanup);
  ok &= r.Read("strip_ansi", scope, ParseBool, "bad-boolean", out.strip_ansi);
  if (const RawOption* env = r.Raw("environment")) {
    // supervisord 4.2.5 expands [supervisord] environment twice (quirk 3).
    bool failed = false;
    auto once = r.Expand(*env, env->value, scope, &failed);
    Scope second{&ctx.here_map, &ctx.host_map, &ctx.env};
    auto twice = once ? r.Expand(*env, *once, second, &failed) : std::nullopt;
    if (twice) {
      auto kv = ParseKeyValues(*twice);
      if (!kv) {
        r.Bad("environment", "bad-environment", kv.error());
        ok = false;
      } else {
        out.environment = kv->values;
        ctx.global_env = kv->values;
        for (const auto& [k, v] : kv->values) ctx.env["ENV_" + k] = v;
      }
    }
    ok &= !failed;
  }
  return ok;
}

bool BuildServers(Context& ctx, std::vector<svc::plan::Server>& out) {
  bool ok = true;
  Scope env{&ctx.env};
  Scope here{&ctx.here_map, &ctx.env};
  for (SectionKind kind : {kInetHttp, kUnixHttp}) {
    for (const RawSection& s : ctx.raw.sections) {
      std::string suffix;
      if (ClassifySection(s.name, &suffix) != kind) continue;
      svc::plan::Server srv;
      srv.section = s.name;
      srv.family = kind == kUnixHttp ? "unix" : "inet";
      OptionReader r(ctx, s, nullptr);
      int len = static_cast<int>(s.name.size() + 2);
      if (kind == kInetHttp) {
        AuthPair(r, env, srv.username, srv.password, ok);
        svc::compiler::InetAddress addr;
        if (!r.Has("port")) {
          ctx.sink.Error(s.loc, "missing-port", "[" + s.name + "] has no 'port' value", len);
          ok = false;
        } else if (r.Read("port", env, ParseInetAddress, "bad-port", addr)) {
          srv.host = addr.host;
          srv.port = addr.port;
          if (!IsLoopback(srv.host) && !srv.password) {
            ctx.sink.Warning(r.Raw("port")->value_loc, "inet-no-auth",
                             "[" + s.name + "] listens on " +
                                 (srv.host.empty() ? "every interface" : srv.host) +
                                 " without a password: anyone who can reach port " +
                                 std::to_string(srv.port) + " controls every process");
          }
        } else {
          ok = false;
        }
      } else {
        std::string file;
        if (!r.Has("file")) {
          ctx.sink.Error(s.loc, "missing-file", "[" + s.name + "] has no 'file' value", len);
          ok = false;
        } else if (r.ReadString("file", here, file)) {
          srv.file = NormalizePath(ctx, std::string(StripPy(file)));
          CheckDirPath(r, "file", srv.file, false);
        } else {
          ok = false;
        }
        ok &= r.ReadOptString("chown", env, srv.chown);
        if (srv.chown) CheckUserGroup(r, "chown", *srv.chown, "chown");
        ok &= r.Read("chmod", env, ParseOctal, "bad-octal", srv.chmod);
        AuthPair(r, env, srv.username, srv.password, ok);
      }
      out.push_back(std::move(srv));
    }
  }
  return ok;
}

bool BuildCtl(Context& ctx, std::optional<svc::plan::Ctl>& out) {
  const RawSection* s = ctx.raw.Find("supervisorctl");
  if (!s) return true;
  svc::plan::Ctl ctl;
  OptionReader r(ctx, *s, nullptr);
  Scope env{&ctx.env};
  Scope here{&ctx.here_map, &ctx.env};
  bool ok = r.ReadString("serverurl", here, ctl.serverurl);
  if (ctl.serverurl.rfind("unix://", 0) == 0) {
    ctl.serverurl = "unix://" + NormalizePath(ctx, ctl.serverurl.substr(7));
  }
  ok &= r.ReadString("prompt", env, ctl.prompt);
  ok &= r.ReadOptString("username", env, ctl.username);
  ok &= r.ReadOptString("password", env, ctl.password);
  ok &= r.ReadOptString("history_file", here, ctl.history_file);
  if (ctl.history_file) {
    if (ctl.history_file->empty()) {
      ctl.history_file.reset();
    } else {
      ctl.history_file = NormalizePath(ctx, *ctl.history_file);
    }
  }
  out = std::move(ctl);
  return ok;
}

bool BuildPlugins(Context& ctx, std::vector<svc::plan::Plugin>& rpc,
                  std::vector<svc::plan::Plugin>& ctl) {
  bool ok = true;
  Scope env{&ctx.env};
  for (const RawSection& s : ctx.raw.sections) {
    std::string suffix;
    SectionKind kind = ClassifySection(s.name, &suffix);
    if (kind != kRpcInterface && kind != kCtlPlugin) continue;
    const std::string key =
        kind == kRpcInterface ? "supervisor.rpcinterface_factory" : "supervisor.ctl_factory";
    svc::plan::Plugin p;
    p.name = suffix;
    OptionReader r(ctx, s, nullptr);
    if (!r.Has(key)) {
      // supervisord ignores [ctlplugin:x]; only supervisorctl would fail on it.
      Diagnostic& d =
          kind == kRpcInterface
              ? ctx.sink.Error(s.loc, "missing-factory", "[" + s.name + "] does not specify " + key)
              : ctx.sink.Warning(s.loc, "missing-factory",
                                 "[" + s.name + "] does not specify " + key);
      d.length = static_cast<int>(s.name.size() + 2);
      ok &= kind != kRpcInterface;
      continue;
    }
    ok &= r.ReadString(key, env, p.factory);
    // Every other key, [DEFAULT] ones included (quirk 11), is a factory argument.
    std::vector<const RawOption*> keys;
    for (const RawOption& o : s.options) keys.push_back(&o);
    for (const RawOption& o : ctx.raw.defaults.options) {
      if (!s.Find(o.key)) keys.push_back(&o);
    }
    for (const RawOption* o : keys) {
      if (o->key == key) continue;
      std::string v;
      bool failed = false;
      auto text = r.Expand(*o, o->value, env, &failed);
      if (text) p.options[o->key] = *text;
      ok &= !failed;
    }
    if (kind == kRpcInterface && p.factory != "supervisor.rpcinterface:make_main_rpcinterface") {
      ctx.sink.Warning(r.Raw(key)->value_loc, "unsupported-plugin",
                       "svcd serves only supervisor's main interface; the '" + p.name +
                           "' namespace (" + p.factory + ") will not be available");
    }
    (kind == kRpcInterface ? rpc : ctl).push_back(std::move(p));
  }
  return ok;
}

}  // namespace svc::compiler
