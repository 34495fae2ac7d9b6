// Internal to the spawner: everything the forked child needs, built in the parent before fork
// so the child touches only ready-made memory (argv/envp arrays, ids, message prefixes).
#pragma once

#include <sys/types.h>

#include <array>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "runtime/os/spawner.h"
#include "runtime/os/users.h"

namespace svc::runtime::os {

inline constexpr size_t kChildStepCount = 8;

// ChildStep as the child reports it; public ChildStep plus the user sub-steps.
enum class ChildStepDetail : int32_t {
  kSetpgid,
  kFds,
  kUserRefused,  // drop_privileges refused before any call ("Can't find username 'x'")
  kSetgroups,
  kSetgid,
  kSetuid,
  kChdir,
  kExec,
};

// What the child writes to the CLOEXEC report pipe when it gives up.
struct ChildReport {
  int32_t step = 0;  // ChildStepDetail
  int32_t error_number = 0;
};

struct PreparedSpawn {
  std::string filename;  // the resolved executable
  std::vector<std::string> argv_storage;
  std::vector<char*> argv;               // null-terminated, points into argv_storage
  std::vector<std::string> env_storage;  // the variables svcd sets; inherited ones are not copied
  std::vector<char*> envp;  // null-terminated, points into env_storage and the inherited strings
  bool has_directory = false;
  std::string directory;
  bool has_umask = false;
  mode_t umask = 0;
  PrivilegeDrop drop = PrivilegeDrop::kNone;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;
  std::string user_refusal;  // non-empty: the child reports kUserRefused with this text
  // Per step: the message up to its tail ("couldn't chdir to /x: ") and a fixed tail, if any
  // (empty: the tail is the errno name).
  std::array<std::string, kChildStepCount> prefix;
  std::array<std::string, kChildStepCount> fixed_tail;
  int max_fd = 1024;  // close loop bound when close_range is unavailable
};

// Resolves the command and user and builds argv, envp and the message texts.
[[nodiscard]] tl::expected<PreparedSpawn, SpawnError> Prepare(const SpawnRequest& request);

// The child's line for a failure, without "supervisor: " and "\n" (parent side, allocates).
std::string ChildMessage(const PreparedSpawn& prepared, const ChildReport& report);

// The public step for a reported detail.
ChildStep PublicStep(ChildStepDetail detail);

}  // namespace svc::runtime::os
