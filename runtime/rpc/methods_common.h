// Helpers the method files share: process lists in supervisor's orders, the per-process result
// struct of group operations, and mapping core outcomes onto faults.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/core/supervisor_core.h"
#include "runtime/rpc/faults.h"
#include "runtime/rpc/reply.h"

namespace svc::runtime::rpc {

struct Member {
  // Names, not pointers: a group removed while a call waits leaves nothing dangling.
  std::string group;
  std::string name;
  core::ProcessId id;
};

// A group's members by priority (stable), as `processes.sort()` on Subprocess objects.
std::vector<Member> ByPriority(const core::SupervisorCore& core, const core::GroupRecord& group);

// _getAllProcesses: groups by priority, members by priority; or (lexical) by group name then
// process name.
std::vector<Member> AllProcesses(const core::SupervisorCore& core, bool lexical);

// {name, group, status, description}: status 80 and "OK", or the fault's code and text.
Struct ResultStruct(const Member& member, const Result& result);

// A core command's outcome as the fault startProcess/stopProcess/signalProcess raise.
Fault OutcomeFault(core::Outcome outcome, std::string_view name, const std::string& message);

// `extra_int` as Python's str() of a param for fault texts.
std::string ParamText(const Value& value);

}  // namespace svc::runtime::rpc
