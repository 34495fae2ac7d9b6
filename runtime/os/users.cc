#include "runtime/os/users.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <optional>

#include "runtime/core/spawn_errors.h"

namespace svc::runtime::os {
namespace {

// Python's int() on a user option: surrounding whitespace, optional sign, decimal digits.
std::optional<int64_t> ParseUid(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    if (value > (int64_t{1} << 40)) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return negative ? -value : value;
}

// getpwnam_r / getpwuid_r with a buffer that grows on ERANGE. false: no such entry.
template <typename Lookup>
bool LookupPasswd(Lookup lookup, UserInfo& out) {
  std::vector<char> buffer(1024);
  passwd entry{};
  passwd* result = nullptr;
  for (;;) {
    const int rc = lookup(&entry, buffer.data(), buffer.size(), &result);
    if (rc == ERANGE && buffer.size() < (size_t{1} << 20)) {
      buffer.resize(buffer.size() * 2);
      continue;
    }
    if (rc != 0 || result == nullptr) return false;
    out.uid = entry.pw_uid;
    out.gid = entry.pw_gid;
    out.name = entry.pw_name;
    out.home = entry.pw_dir != nullptr ? entry.pw_dir : "";
    return true;
  }
}

std::vector<gid_t> GroupList(const std::string& name, gid_t gid) {
  int count = 32;
  std::vector<gid_t> groups(static_cast<size_t>(count));
  while (getgrouplist(name.c_str(), gid, groups.data(), &count) < 0) {
    if (count <= static_cast<int>(groups.size())) count = static_cast<int>(groups.size()) * 2;
    groups.resize(static_cast<size_t>(count));
  }
  groups.resize(static_cast<size_t>(count));
  // getgrouplist puts `gid` first, as drop_privileges does with its primary gid.
  return groups;
}

}  // namespace

tl::expected<UserInfo, std::string> ResolveUser(std::string_view user) {
  UserInfo info;
  const std::optional<int64_t> uid = ParseUid(user);
  if (uid) {
    const bool found = *uid >= 0 && *uid <= INT32_MAX &&
                       LookupPasswd(
                           [&](passwd* entry, char* buf, size_t size, passwd** result) {
                             return getpwuid_r(static_cast<uid_t>(*uid), entry, buf, size, result);
                           },
                           info);
    if (!found) return tl::unexpected("Can't find uid " + std::to_string(*uid));
  } else {
    const std::string name(user);
    const bool found = LookupPasswd(
        [&](passwd* entry, char* buf, size_t size, passwd** result) {
          return getpwnam_r(name.c_str(), entry, buf, size, result);
        },
        info);
    if (!found) return tl::unexpected("Can't find username " + core::PythonRepr(user));
  }
  info.groups = GroupList(info.name, info.gid);
  return info;
}

PrivilegeDrop PlanPrivilegeDrop(const UserInfo& target, uid_t current_uid) {
  if (current_uid == target.uid) return PrivilegeDrop::kNone;
  if (current_uid != 0) return PrivilegeDrop::kNotRoot;
  return PrivilegeDrop::kSwitch;
}

}  // namespace svc::runtime::os
