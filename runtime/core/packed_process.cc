// PackProcess / UnpackProcess: strings as a varint length and bytes, integers as zigzag
// varints, so the usual small numbers and short strings take one or two bytes each.
#include "runtime/core/packed_process.h"

#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/core/check.h"

namespace svc::runtime::core {
namespace {

class Writer {
 public:
  void Uint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void Int(int64_t v) { Uint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void Bool(bool v) { Uint(v ? 1 : 0); }
  void Str(const std::string& s) {
    Uint(s.size());
    out_.append(s);
  }
  void OptStr(const std::optional<std::string>& s) {
    Bool(s.has_value());
    if (s) Str(*s);
  }
  void Log(const plan::LogSpec& log) {
    Str(log.logfile);
    Str(log.path);
    Int(log.logfile_maxbytes);
    Int(log.logfile_backups);
    Int(log.capture_maxbytes);
    Bool(log.events_enabled);
    Bool(log.syslog);
  }
  void Strs(const std::vector<std::string>& v) {
    Uint(v.size());
    for (const std::string& s : v) Str(s);
  }
  void OptInt(const std::optional<int64_t>& v) {
    Bool(v.has_value());
    if (v) Int(*v);
  }
  std::string Take() {
    out_.shrink_to_fit();
    return std::move(out_);
  }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(const std::string& in) : in_(in) {}
  uint64_t Uint() {
    uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      SVC_CORE_CHECK(at_ < in_.size() && shift < 64);
      const auto byte = static_cast<unsigned char>(in_[at_++]);
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) return v;
    }
  }
  int64_t Int() {
    const uint64_t v = Uint();
    return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
  }
  bool Bool() { return Uint() != 0; }
  // A string (a varint length, then the bytes), still inside the packed text.
  std::string_view View() {
    const uint64_t size = Uint();
    SVC_CORE_CHECK(size <= in_.size() - at_);
    std::string_view s(in_.data() + at_, size);
    at_ += size;
    return s;
  }
  std::string Str() { return std::string(View()); }
  std::optional<std::string> OptStr() {
    if (!Bool()) return std::nullopt;
    return Str();
  }
  plan::LogSpec Log() {
    plan::LogSpec log;
    log.logfile = Str();
    log.path = Str();
    log.logfile_maxbytes = Int();
    log.logfile_backups = Int();
    log.capture_maxbytes = Int();
    log.events_enabled = Bool();
    log.syslog = Bool();
    return log;
  }
  std::vector<std::string> Strs() {
    std::vector<std::string> v(Uint());
    for (std::string& s : v) s = Str();
    return v;
  }
  std::optional<int64_t> OptInt() {
    if (!Bool()) return std::nullopt;
    return Int();
  }
  bool done() const { return at_ == in_.size(); }

 private:
  const std::string& in_;
  std::size_t at_ = 0;
};

}  // namespace

// PackProcess writes the name, then the group, first.
std::string_view PackedProcessName(const std::string& packed) { return Reader(packed).View(); }

std::string_view PackedProcessGroup(const std::string& packed) {
  Reader r(packed);
  r.View();
  return r.View();
}

std::string PackProcess(const plan::Process& p) {
  Writer w;
  w.Str(p.name);
  w.Str(p.group);
  w.Str(p.program);
  w.Str(p.kind);
  w.Str(p.command);
  w.Strs(p.argv);
  w.Int(p.process_num);
  w.Int(p.numprocs);
  w.Int(p.priority);
  w.Bool(p.autostart);
  w.Str(p.autorestart);
  w.Int(p.startsecs);
  w.Int(p.startretries);
  w.Uint(p.exitcodes.size());
  for (int64_t code : p.exitcodes) w.Int(code);
  w.Str(p.stopsignal);
  w.Int(p.stopwaitsecs);
  w.Bool(p.stopasgroup);
  w.Bool(p.killasgroup);
  w.OptStr(p.user);
  w.Bool(p.redirect_stderr);
  w.Log(p.stdout_log);
  w.Log(p.stderr_log);
  w.Uint(p.environment.size());
  for (const auto& [key, value] : p.environment) {
    w.Str(key);
    w.Str(value);
  }
  w.OptStr(p.directory);
  w.OptInt(p.umask);
  w.OptStr(p.serverurl);
  w.Str(p.fingerprint);
  return w.Take();
}

plan::Process UnpackProcess(const std::string& packed) {
  Reader r(packed);
  plan::Process p;
  p.name = r.Str();
  p.group = r.Str();
  p.program = r.Str();
  p.kind = r.Str();
  p.command = r.Str();
  p.argv = r.Strs();
  p.process_num = r.Int();
  p.numprocs = r.Int();
  p.priority = r.Int();
  p.autostart = r.Bool();
  p.autorestart = r.Str();
  p.startsecs = r.Int();
  p.startretries = r.Int();
  p.exitcodes.resize(r.Uint());
  for (int64_t& code : p.exitcodes) code = r.Int();
  p.stopsignal = r.Str();
  p.stopwaitsecs = r.Int();
  p.stopasgroup = r.Bool();
  p.killasgroup = r.Bool();
  p.user = r.OptStr();
  p.redirect_stderr = r.Bool();
  p.stdout_log = r.Log();
  p.stderr_log = r.Log();
  for (uint64_t n = r.Uint(); n > 0; --n) {
    std::string key = r.Str();
    p.environment.emplace(std::move(key), r.Str());
  }
  p.directory = r.OptStr();
  p.umask = r.OptInt();
  p.serverurl = r.OptStr();
  p.fingerprint = r.Str();
  SVC_CORE_CHECK(r.done());
  return p;
}

// A group's kind as a code, and a [program:x] group's one member named like the group as a
// flag: then the packed group of a short name stays within std::string's inline buffer, no heap
// block per group.
constexpr const char* kGroupKinds[] = {"program", "eventlistener", "fcgi-program"};
constexpr uint64_t kOtherKind = std::size(kGroupKinds);

std::string PackGroup(const plan::Group& g) {
  Writer w;
  w.Str(g.name);
  uint64_t kind = 0;
  while (kind < kOtherKind && g.kind != kGroupKinds[kind]) ++kind;
  w.Uint(kind);
  if (kind == kOtherKind) w.Str(g.kind);
  w.Int(g.priority);
  const bool self = g.processes.size() == 1 && g.processes[0] == g.name;
  w.Bool(self);
  if (!self) w.Strs(g.processes);
  w.Strs(g.events);
  w.Int(g.buffer_size);
  w.Str(g.result_handler);
  w.Bool(g.socket.has_value());
  if (g.socket) {
    w.Str(g.socket->url);
    w.OptInt(g.socket->backlog);
    w.OptStr(g.socket->owner);
    w.OptInt(g.socket->mode);
  }
  return w.Take();
}

plan::Group UnpackGroup(const std::string& packed) {
  Reader r(packed);
  plan::Group g;
  g.name = r.Str();
  const uint64_t kind = r.Uint();
  SVC_CORE_CHECK(kind <= kOtherKind);
  g.kind = kind == kOtherKind ? r.Str() : kGroupKinds[kind];
  g.priority = r.Int();
  if (r.Bool()) {
    g.processes = {g.name};
  } else {
    g.processes = r.Strs();
  }
  g.events = r.Strs();
  g.buffer_size = r.Int();
  g.result_handler = r.Str();
  if (r.Bool()) {
    plan::FcgiSocket& socket = g.socket.emplace();
    socket.url = r.Str();
    socket.backlog = r.OptInt();
    socket.owner = r.OptStr();
    socket.mode = r.OptInt();
  }
  SVC_CORE_CHECK(r.done());
  return g;
}

}  // namespace svc::runtime::core
