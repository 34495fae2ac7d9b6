#include "compiler/groups.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "compiler/option_table.h"
#include "compiler/program.h"
#include "compiler/sections.h"

namespace svc::compiler {
namespace {

using svc::plan::Group;
using svc::plan::Process;

// A group and the range [begin, end) of its processes in the one vector every group builds
// into (10,000 processes are not copied from per-group vectors into the plan).
struct Built {
  Group group;
  size_t begin = 0, end = 0;
  Loc loc;
};

const std::set<std::string>& EventTypes() {
  static const std::set<std::string> types = {"EVENT",
                                              "PROCESS_STATE",
                                              "PROCESS_STATE_STOPPED",
                                              "PROCESS_STATE_EXITED",
                                              "PROCESS_STATE_STARTING",
                                              "PROCESS_STATE_STOPPING",
                                              "PROCESS_STATE_BACKOFF",
                                              "PROCESS_STATE_FATAL",
                                              "PROCESS_STATE_RUNNING",
                                              "PROCESS_STATE_UNKNOWN",
                                              "PROCESS_COMMUNICATION",
                                              "PROCESS_COMMUNICATION_STDOUT",
                                              "PROCESS_COMMUNICATION_STDERR",
                                              "PROCESS_LOG",
                                              "PROCESS_LOG_STDOUT",
                                              "PROCESS_LOG_STDERR",
                                              "REMOTE_COMMUNICATION",
                                              "SUPERVISOR_STATE_CHANGE",
                                              "SUPERVISOR_STATE_CHANGE_RUNNING",
                                              "SUPERVISOR_STATE_CHANGE_STOPPING",
                                              "TICK",
                                              "TICK_5",
                                              "TICK_60",
                                              "TICK_3600",
                                              "PROCESS_GROUP",
                                              "PROCESS_GROUP_ADDED",
                                              "PROCESS_GROUP_REMOVED"};
  return types;
}

// A group that built cleanly is kept; a failed one takes its processes back out.
void Keep(Built& b, bool ok, std::vector<Built>& out, std::vector<Process>& all) {
  if (!ok) {
    all.erase(all.begin() + static_cast<long>(b.begin), all.end());
    return;
  }
  b.end = all.size();
  out.push_back(std::move(b));
}

bool HeterogeneousGroup(Context& ctx, const RawSection& s, std::unordered_set<std::string>& exclude,
                        std::vector<Built>& out, std::vector<Process>& all) {
  Built b;
  b.loc = s.loc;
  b.begin = all.size();
  if (!SectionName(ctx, s, b.group.name, true)) return false;
  OptionReader r(ctx, s, nullptr);
  Scope scope{&ctx.here_map, &ctx.env};
  std::string programs;
  bool ok = r.ReadString("programs", scope, programs);
  ok &= r.Read("priority", scope, ParseInt, "bad-integer", b.group.priority);
  if (!ok) return false;
  for (const std::string& member : SplitCommaList(programs)) {
    const RawSection* prog = ctx.raw.Find("program:" + member);
    const RawSection* fcgi = ctx.raw.Find("fcgi-program:" + member);
    Loc loc = r.Raw("programs")->value_loc;
    const std::string& text = r.Raw("programs")->value;
    size_t at = text.find(member);
    if (at != std::string::npos && text.find('\n') > at) loc.col += static_cast<int>(at);
    if (!prog && !fcgi) {
      std::string hint;
      for (const RawSection& cand : ctx.raw.sections) {
        if (cand.name.rfind("program:", 0) == 0 && EditDistance(cand.name.substr(8), member) <= 2) {
          hint = "; did you mean '" + cand.name.substr(8) + "'?";
        }
      }
      ctx.sink.Error(
          loc, "unknown-group-member",
          "[" + s.name + "] names unknown program or fcgi-program '" + member + "'" + hint);
      ok = false;
      continue;
    }
    if (prog && fcgi) {
      ctx.sink.Error(loc, "ambiguous-group-member",
                     "[" + s.name + "] member '" + member + "' exists as both [program:" + member +
                         "] and [fcgi-program:" + member + "]");
      ok = false;
      continue;
    }
    if (fcgi) {
      ctx.sink.Warning(loc, "fcgi-in-group",
                       "fcgi-program '" + member + "' in [" + s.name +
                           "] runs as a plain program: supervisord creates no socket for it");
    }
    exclude.insert(prog ? prog->name : fcgi->name);
    ok &= BuildProcesses(ctx, prog ? *prog : *fcgi, b.group.name, "program", all);
  }
  b.group.kind = "program";
  Keep(b, ok, out, all);
  return ok;
}

bool ListenerPool(Context& ctx, const RawSection& s, Built& b) {
  OptionReader r(ctx, s, nullptr);
  Scope scope{&ctx.here_map, &ctx.env};
  b.group.name = s.name.substr(s.name.find(':') + 1);  // pool names are not validated (quirk 8)
  b.group.kind = "eventlistener";
  b.group.priority = -1;
  bool ok = r.Read("priority", scope, ParseInt, "bad-integer", b.group.priority);
  ok &= r.Read("buffer_size", scope, ParseInt, "bad-integer", b.group.buffer_size);
  int len = static_cast<int>(s.name.size() + 2);
  if (ok && b.group.buffer_size < 1) {
    r.Bad("buffer_size", "bad-buffer-size", "buffer_size must be at least 1");
    ok = false;
  }
  b.group.result_handler = "supervisor.dispatchers:default_handler";
  ok &= r.ReadString("result_handler", scope, b.group.result_handler);
  if (b.group.result_handler != "supervisor.dispatchers:default_handler") {
    ctx.sink.Warning(r.Raw("result_handler")->value_loc, "unsupported-plugin",
                     "svcd has only supervisor's default result handler; '" +
                         b.group.result_handler + "' is not loaded");
  }
  std::string events;
  ok &= r.ReadString("events", scope, events);
  std::set<std::string> names;
  for (std::string e : SplitCommaList(events)) {
    for (char& c : e) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    if (e.empty()) continue;
    if (!EventTypes().count(e)) {
      ctx.sink.Error(r.Raw("events")->value_loc, "unknown-event-type",
                     "unknown event type '" + e + "' in [" + s.name + "] events");
      ok = false;
    }
    names.insert(e);
  }
  if (names.empty() && ok) {
    ctx.sink.Error(r.Has("events") ? r.Raw("events")->value_loc : s.loc, "missing-events",
                   "[" + s.name + "] needs an 'events' line", len);
    ok = false;
  }
  b.group.events.assign(names.begin(), names.end());
  bool redirect = false;
  ok &= r.Read("redirect_stderr", scope, ParseBool, "bad-boolean", redirect);
  if (redirect) {
    r.Bad("redirect_stderr", "listener-redirect-stderr",
          "an event listener cannot redirect stderr: it would corrupt the listener protocol");
    ok = false;
  }
  return ok;
}

bool FcgiSocket(Context& ctx, const RawSection& s, Built& b) {
  OptionReader r(ctx, s, nullptr);
  Scope scope{&ctx.here_map, &ctx.env};
  b.group.kind = "fcgi-program";
  bool ok = r.Read("priority", scope, ParseInt, "bad-integer", b.group.priority);
  svc::plan::FcgiSocket sock;
  std::optional<std::string> user;
  ok &= r.ReadOptString("user", scope, user);
  int64_t v = 0;
  if (r.Has("socket_backlog") && r.Read("socket_backlog", scope, ParseInt, "bad-integer", v)) {
    if (v < 1 || v > 65535) {
      r.Bad("socket_backlog", "bad-socket-backlog", "must be between 1 and 65535");
      ok = false;
    }
    sock.backlog = v;
  }
  ok &= r.ReadOptString("socket_owner", scope, sock.owner);
  if (sock.owner) CheckUserGroup(r, "socket_owner", *sock.owner, "socket_owner");
  if (r.Has("socket_mode")) {
    ok &= r.Read("socket_mode", scope, ParseOctal, "bad-octal", v);
    sock.mode = v;
  }
  ExpansionMap prog{{"program_name", b.group.name}};
  Scope sock_scope{&ctx.here_map, &ctx.env, &prog};
  if (!r.ReadString("socket", sock_scope, sock.url)) return false;
  if (sock.url.empty()) {
    ctx.sink.Error(r.Has("socket") ? r.Raw("socket")->value_loc : s.loc, "missing-socket",
                   "[" + s.name + "] needs a 'socket' line", static_cast<int>(s.name.size() + 2));
    return false;
  }
  if (sock.url.rfind("unix://", 0) == 0) {
    std::string path = sock.url.substr(7);
    if (path.empty() || path[0] != '/') {
      r.Bad("socket", "bad-socket", "unix socket path " + path + " is not an absolute path");
      return false;
    }
    sock.url = "unix://" + NormalizePath(ctx, path);
    if (!sock.mode) sock.mode = 0700;
  } else {
    if (sock.owner || sock.mode) {
      r.Bad("socket", "bad-socket",
            "socket_owner and socket_mode apply only to a unix domain socket");
      return false;
    }
    size_t colon = sock.url.rfind(':');
    bool good = sock.url.rfind("tcp://", 0) == 0 && colon > 6 &&
                sock.url.find_first_of(" \t\n:", 6) == colon && colon + 1 < sock.url.size() &&
                sock.url.find_first_not_of("0123456789", colon + 1) == std::string::npos;
    auto port = good ? ParseInt(sock.url.substr(colon + 1)) : Parsed<int64_t>(0);
    if (!good || !port || *port < 1 || *port > 65535) {
      r.Bad("socket", "bad-socket", "expected unix:///absolute/path or tcp://host:port");
      return false;
    }
    std::string host = sock.url.substr(6, colon - 6);
    for (char& c : host) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    sock.url = "tcp://" + host + ":" + std::to_string(*port);
  }
  b.group.socket = sock;
  return ok;
}

bool Homogeneous(Context& ctx, const RawSection& s, SectionKind kind, std::vector<Built>& out,
                 std::vector<Process>& all) {
  Built b;
  b.loc = s.loc;
  b.begin = all.size();
  bool ok = true;
  if (kind == kEventListener) {
    ok = ListenerPool(ctx, s, b);
  } else {
    ok = SectionName(ctx, s, b.group.name, true);
    if (!ok) return false;
    b.group.kind = kind == kFcgi ? "fcgi-program" : "program";
    OptionReader r(ctx, s, nullptr);
    Scope scope{&ctx.here_map, &ctx.env};
    if (kind == kFcgi) {
      ok = FcgiSocket(ctx, s, b);
    } else {
      ok = r.Read("priority", scope, ParseInt, "bad-integer", b.group.priority);
    }
  }
  std::string kind_name = kind == kEventListener ? "eventlistener"
                          : kind == kFcgi        ? "fcgi-program"
                                                 : "program";
  ok = BuildProcesses(ctx, s, b.group.name, kind_name, all) && ok;
  Keep(b, ok, out, all);
  return ok;
}

// Adds b's processes to its group and their indices in `all` to `order`, reporting duplicate
// names (supervisord: the last one wins, in the place of the first).
void AddMembers(Context& ctx, Built& b, const std::vector<Process>& all,
                std::vector<size_t>& order) {
  std::unordered_map<std::string_view, size_t> seen;  // name -> position in order
  for (size_t i = b.begin; i < b.end; ++i) {
    const Process& p = all[i];
    auto it = seen.find(p.name);
    if (it != seen.end()) {
      Diagnostic& d = ctx.sink.Warning(b.loc, "duplicate-process",
                                       "process '" + p.name + "' is defined twice in group '" +
                                           b.group.name + "'; supervisord keeps only the last",
                                       1);
      d.notes.push_back(MakeNote({}, "from " + ctx.Where(all[order[it->second]].origin.section) +
                                         " and " + ctx.Where(p.origin.section)));
      order[it->second] = i;
      continue;
    }
    seen.emplace(p.name, order.size());
    b.group.processes.push_back(p.name);
    order.push_back(i);
  }
}

// Moves the processes listed in `order` to the front of `all`, in that order, and drops the
// rest: a permutation applied in place, cycle by cycle, so no second copy is made.
void ApplyOrder(std::vector<Process>& all, const std::vector<size_t>& order) {
  std::vector<size_t> perm(order);  // perm[i]: where the process for slot i is now
  std::vector<bool> used(all.size(), false);
  for (size_t i : order) used[i] = true;
  for (size_t i = 0; i < all.size(); ++i) {
    if (!used[i]) perm.push_back(i);
  }
  for (size_t i = 0; i < perm.size(); ++i) {
    if (perm[i] == i) continue;
    Process held = std::move(all[i]);
    size_t j = i;
    while (perm[j] != i) {
      size_t from = perm[j];
      all[j] = std::move(all[from]);
      perm[j] = j;
      j = from;
    }
    all[j] = std::move(held);
    perm[j] = j;
  }
  all.erase(all.begin() + static_cast<long>(order.size()), all.end());
}

// A section's options are not needed once its processes are built: freeing them lets the
// processes reuse the memory (a 10,000-program config holds tens of MB of raw options).
void Release(RawSection& s) { std::vector<RawOption>().swap(s.options); }

}  // namespace

bool BuildGroups(Context& ctx, std::vector<Group>& groups, std::vector<Process>& processes) {
  std::vector<Built> built;
  std::vector<Process> all;
  std::unordered_set<std::string> exclude;
  bool ok = true;
  std::vector<SectionKind> kinds;
  kinds.reserve(ctx.raw.sections.size());
  size_t expected = 0;  // processes, from numprocs when it is a plain number
  for (size_t i = 0; i < ctx.raw.sections.size(); ++i) {
    const RawSection& s = ctx.raw.sections[i];
    std::string suffix;
    kinds.push_back(ClassifySection(s.name, &suffix));
    if (!(kinds.back() & kProcessSections)) continue;
    const RawOption* n = ctx.raw.Get(s, "numprocs");
    auto count = n ? ParseInt(n->value) : Parsed<int64_t>(1);
    expected += count && *count > 0 ? std::min<size_t>(static_cast<size_t>(*count), 1u << 16) : 1;
  }
  all.reserve(std::min<size_t>(expected, 1u << 20));
  for (size_t i = 0; i < ctx.raw.sections.size(); ++i) {
    if (kinds[i] == kGroup) ok &= HeterogeneousGroup(ctx, ctx.raw.sections[i], exclude, built, all);
  }
  std::vector<bool> member(ctx.raw.sections.size(), false);  // of a [group:x]
  for (size_t i = 0; i < ctx.raw.sections.size(); ++i) {
    if (!(kinds[i] & kProcessSections) || !exclude.count(ctx.raw.sections[i].name)) continue;
    member[i] = true;
    Release(ctx.raw.sections[i]);
  }
  for (size_t i = 0; i < ctx.raw.sections.size(); ++i) {
    if (kinds[i] != kProgram || member[i]) continue;
    ok &= Homogeneous(ctx, ctx.raw.sections[i], kProgram, built, all);
    Release(ctx.raw.sections[i]);
  }
  for (SectionKind kind : {kEventListener, kFcgi}) {
    for (size_t i = 0; i < ctx.raw.sections.size(); ++i) {
      RawSection& s = ctx.raw.sections[i];
      if (kinds[i] != kind || member[i]) continue;
      ok &= Homogeneous(ctx, s, kind, built, all);
      Release(s);
    }
  }
  std::stable_sort(built.begin(), built.end(), [](const Built& a, const Built& b) {
    return a.group.priority != b.group.priority ? a.group.priority < b.group.priority
                                                : a.group.name < b.group.name;
  });
  std::unordered_map<std::string, Loc> names;
  std::vector<size_t> order;
  order.reserve(all.size());
  for (Built& b : built) {
    auto [it, fresh] = names.emplace(b.group.name, b.loc);
    if (!fresh) {
      ctx.sink
          .Warning(b.loc, "duplicate-group",
                   "group '" + b.group.name +
                       "' already exists; supervisord silently drops "
                       "this one")
          .notes.push_back(MakeNote(it->second, "the group supervisord keeps is defined here"));
      continue;
    }
    AddMembers(ctx, b, all, order);
    groups.push_back(std::move(b.group));
  }
  ApplyOrder(all, order);
  if (processes.empty()) {
    processes = std::move(all);
  } else {
    processes.insert(processes.end(), std::make_move_iterator(all.begin()),
                     std::make_move_iterator(all.end()));
  }
  return ok;
}

}  // namespace svc::compiler
