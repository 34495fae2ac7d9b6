// Process names as the RPC methods take them (supervisor's split_namespec / make_namespec and
// rpcinterface._getGroupAndProcess): "name", "group:name", "group:" and "group:*".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "runtime/core/supervisor_core.h"
#include "runtime/rpc/faults.h"

namespace svc::runtime::rpc {

struct NameSpec {
  std::string group;
  std::optional<std::string> process;  // nullopt: the whole group ("g:" or "g:*")
};

// Splits at the first ':'; a bare name is both group and process.
NameSpec SplitNamespec(std::string_view namespec);

// "name" when group == name, else "group:name".
std::string MakeNamespec(std::string_view group, std::string_view name);

struct Target {
  const core::GroupRecord* group = nullptr;
  std::optional<core::ProcessId> process;  // nullopt: the whole group was named
};

// BAD_NAME (with the name as given) for an unknown group or process.
[[nodiscard]] tl::expected<Target, Fault> LookUp(const core::SupervisorCore& core,
                                                 std::string_view namespec);

}  // namespace svc::runtime::rpc
