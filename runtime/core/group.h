// A process group as the core holds it (ProcessGroup of process.py): the plan's group and its
// members in start order, plus the stop order and "unstopped" view shutdown needs.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "runtime/core/packed_process.h"
#include "runtime/core/process_machine.h"
#include "runtime/core/types.h"
#include "schema/plan.h"

namespace svc::runtime::core {

using ProcessTable = std::map<ProcessId, ProcessMachine>;

// The plan's group is kept packed: with thousands of groups, a plan::Group each was a large
// part of svcd's memory.
struct GroupRecord {
  std::string name;
  int64_t priority = 999;
  std::string packed;              // PackGroup of the plan's group
  std::vector<ProcessId> members;  // plan member order: transition and start order
  plan::Group config() const { return UnpackGroup(packed); }  // a copy, made on each call
};

// Members by descending priority; equal priorities in reverse member order (4.2.5 stop_all
// sorts by priority, then reverses the list).
std::vector<ProcessId> StopOrder(const GroupRecord& group, const ProcessTable& processes);

// Members not in a STOPPED state (get_unstopped_processes), in member order.
std::vector<ProcessId> Unstopped(const GroupRecord& group, const ProcessTable& processes);

// Whether any member is not in a STOPPED state (without building the list).
bool HasUnstopped(const GroupRecord& group, const ProcessTable& processes);

// Groups by ascending priority, ties in insertion order (supervisord sorts groups with a stable
// sort on priority each loop).
std::vector<const GroupRecord*> ByPriority(const std::vector<GroupRecord>& groups);

}  // namespace svc::runtime::core
