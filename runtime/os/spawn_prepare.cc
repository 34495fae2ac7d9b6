#include "runtime/os/spawn_prepare.h"

#include <unistd.h>

#include <cstring>
#include <optional>
#include <string_view>

#include "runtime/os/command_path.h"
#include "runtime/os/errno_names.h"

extern char** environ;

namespace svc::runtime::os {
namespace {

// An environment that keeps first-seen order, like the dict supervisord copies from os.environ.
// Inherited entries are not copied: envp points at the inherited strings, which outlive the
// spawn (the child has exec'd before Spawn returns); only the set variables are stored.
// Linear lookups: an environment has tens of entries, and this runs once per spawn.
class EnvBuilder {
 public:
  explicit EnvBuilder(std::vector<std::string>& storage, size_t sets) : storage_(storage) {
    storage_.clear();
    storage_.reserve(sets);  // no reallocation: entries_ points into it
  }
  void Inherit(const char* entry) {
    const char* eq = std::strchr(entry, '=');
    if (eq == nullptr) return;
    // os.environ keeps the first of duplicate keys
    if (Find(std::string_view(entry, static_cast<size_t>(eq - entry))) == kNone) {
      entries_.push_back(entry);
    }
  }
  void Set(std::string_view key, std::string_view value) {
    std::string& entry = storage_.emplace_back();
    entry.reserve(key.size() + 1 + value.size());
    entry.append(key).append("=").append(value);
    const size_t at = Find(key);
    if (at == kNone) {
      entries_.push_back(entry.c_str());
    } else {
      entries_[at] = entry.c_str();
    }
  }
  std::optional<std::string_view> Get(std::string_view key) const {
    const size_t at = Find(key);
    if (at == kNone) return std::nullopt;
    return std::string_view(entries_[at] + key.size() + 1);
  }
  // Null-terminated.
  std::vector<char*> Take() {
    std::vector<char*> envp;
    envp.reserve(entries_.size() + 1);
    for (const char* entry : entries_) envp.push_back(const_cast<char*>(entry));
    envp.push_back(nullptr);
    return envp;
  }

 private:
  static constexpr size_t kNone = ~size_t{0};
  size_t Find(std::string_view key) const {
    for (size_t i = 0; i < entries_.size(); ++i) {
      const char* entry = entries_[i];
      if (std::strncmp(entry, key.data(), key.size()) == 0 && entry[key.size()] == '=') return i;
    }
    return kNone;
  }
  std::vector<std::string>& storage_;
  std::vector<const char*> entries_;
};

void InheritEnvironment(const SpawnRequest& request, EnvBuilder& env) {
  if (request.inherited_environment) {
    for (const std::string& entry : *request.inherited_environment) env.Inherit(entry.c_str());
  } else {
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
      env.Inherit(*entry);
    }
  }
}

// _spawn_as_child: os.environ, then SUPERVISOR_ENABLED, SUPERVISOR_SERVER_URL (if known),
// SUPERVISOR_PROCESS_NAME, SUPERVISOR_GROUP_NAME, then the configured environment (later wins).
constexpr size_t kSupervisorVariables = 4;

void AddSupervisorVariables(const SpawnRequest& request, EnvBuilder& env) {
  env.Set("SUPERVISOR_ENABLED", "1");
  if (!request.server_url.empty()) env.Set("SUPERVISOR_SERVER_URL", request.server_url);
  env.Set("SUPERVISOR_PROCESS_NAME", request.process_name);
  if (!request.group_name.empty()) env.Set("SUPERVISOR_GROUP_NAME", request.group_name);
  for (const auto& [key, value] : request.environment) env.Set(key, value);
}

std::vector<char*> Pointers(std::vector<std::string>& storage) {
  std::vector<char*> pointers;
  pointers.reserve(storage.size() + 1);
  for (std::string& s : storage) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

void PrepareUser(const std::string& user, PreparedSpawn& out) {
  std::string shown = user;  // supervisord prints the numeric uid it resolved at config time
  tl::expected<UserInfo, std::string> info = ResolveUser(user);
  if (!info) {
    out.user_refusal = info.error();
  } else {
    shown = std::to_string(info->uid);
    out.drop = PlanPrivilegeDrop(*info, getuid());
    if (out.drop == PrivilegeDrop::kNotRoot) out.user_refusal = kNotRootText;
    out.uid = info->uid;
    out.gid = info->gid;
    out.groups = std::move(info->groups);
  }
  const std::string prefix = "couldn't setuid to " + shown + ": ";
  for (ChildStepDetail step : {ChildStepDetail::kUserRefused, ChildStepDetail::kSetgroups,
                               ChildStepDetail::kSetgid, ChildStepDetail::kSetuid}) {
    out.prefix[static_cast<size_t>(step)] = prefix;
  }
  out.fixed_tail[static_cast<size_t>(ChildStepDetail::kUserRefused)] = out.user_refusal;
  out.fixed_tail[static_cast<size_t>(ChildStepDetail::kSetgroups)] = kSetgroupsText;
  out.fixed_tail[static_cast<size_t>(ChildStepDetail::kSetgid)] = kSetgidText;
}

void PrepareTexts(const SpawnRequest& request, PreparedSpawn& out) {
  auto at = [&](ChildStepDetail step) -> std::string& {
    return out.prefix[static_cast<size_t>(step)];
  };
  at(ChildStepDetail::kSetpgid) = "couldn't set process group: ";
  at(ChildStepDetail::kFds) = "couldn't set up stdin, stdout and stderr: ";
  at(ChildStepDetail::kChdir) = "couldn't chdir to " + request.directory.value_or("") + ": ";
  at(ChildStepDetail::kExec) = "couldn't exec " + request.argv.front() + ": ";
}

}  // namespace

tl::expected<PreparedSpawn, SpawnError> Prepare(const SpawnRequest& request) {
  PreparedSpawn out;
  EnvBuilder env(out.env_storage, kSupervisorVariables + request.environment.size());
  InheritEnvironment(request, env);
  const std::vector<std::string> search_path = SearchPath(request.environment, env.Get("PATH"));
  tl::expected<std::string, CommandError> filename = ResolveCommand(request.argv, search_path);
  if (!filename) {
    return tl::unexpected(SpawnError{filename.error().failure, filename.error().message, 0});
  }
  out.filename = std::move(*filename);
  out.argv_storage = request.argv;
  out.argv = Pointers(out.argv_storage);
  AddSupervisorVariables(request, env);
  out.envp = env.Take();
  out.has_directory = request.directory.has_value();
  out.directory = request.directory.value_or("");
  out.has_umask = request.umask.has_value();
  out.umask = request.umask.value_or(0);
  if (request.user) PrepareUser(*request.user, out);
  PrepareTexts(request, out);
  const long open_max = sysconf(_SC_OPEN_MAX);
  out.max_fd = open_max > 0 && open_max < (1 << 20) ? static_cast<int>(open_max) : (1 << 20);
  return out;
}

std::string ChildMessage(const PreparedSpawn& prepared, const ChildReport& report) {
  if (report.step < 0 || report.step >= static_cast<int32_t>(kChildStepCount)) {
    return "child process was not spawned: " + ErrnoText(report.error_number);
  }
  const auto step = static_cast<size_t>(report.step);
  const std::string& tail = prepared.fixed_tail[step];
  return prepared.prefix[step] + (tail.empty() ? ErrnoText(report.error_number) : tail);
}

ChildStep PublicStep(ChildStepDetail detail) {
  switch (detail) {
    case ChildStepDetail::kSetpgid:
      return ChildStep::kSetpgid;
    case ChildStepDetail::kFds:
      return ChildStep::kFds;
    case ChildStepDetail::kUserRefused:
    case ChildStepDetail::kSetgroups:
    case ChildStepDetail::kSetgid:
    case ChildStepDetail::kSetuid:
      return ChildStep::kSetuid;
    case ChildStepDetail::kChdir:
      return ChildStep::kChdir;
    case ChildStepDetail::kExec:
      break;
  }
  return ChildStep::kExec;
}

}  // namespace svc::runtime::os
