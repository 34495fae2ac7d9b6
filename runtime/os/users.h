// Looking up a user before fork: uid, primary gid, home and the supplementary groups that
// supervisord's drop_privileges sets (the primary gid first, then every group naming the user).
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace svc::runtime::os {

struct UserInfo {
  uid_t uid = 0;
  gid_t gid = 0;
  std::string name;
  std::string home;
  std::vector<gid_t> groups;  // groups[0] is the primary gid
};

// Resolves "name" or a decimal uid the way options.drop_privileges does: a number is looked up
// with getpwuid, anything else with getpwnam. Errors are drop_privileges' texts:
// "Can't find username 'bob'" and "Can't find uid 4242".
[[nodiscard]] tl::expected<UserInfo, std::string> ResolveUser(std::string_view user);

// What a process must do to run as `target`, given the real uid it has now (drop_privileges):
// nothing when it already is that uid, refuse when it is not root, else setgroups/setgid/setuid.
enum class PrivilegeDrop {
  kNone,     // already running as the target uid
  kNotRoot,  // "Can't drop privilege as nonroot user"
  kSwitch,   // setgroups(groups), setgid(gid), setuid(uid)
};
PrivilegeDrop PlanPrivilegeDrop(const UserInfo& target, uid_t current_uid);

// The drop_privileges texts for the failures that can happen while switching.
inline constexpr std::string_view kNotRootText = "Can't drop privilege as nonroot user";
inline constexpr std::string_view kSetgroupsText = "Could not set groups of effective user";
inline constexpr std::string_view kSetgidText = "Could not set group id of effective user";

}  // namespace svc::runtime::os
