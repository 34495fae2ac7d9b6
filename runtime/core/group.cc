#include "runtime/core/group.h"

#include <algorithm>

namespace svc::runtime::core {

std::vector<ProcessId> StopOrder(const GroupRecord& group, const ProcessTable& processes) {
  std::vector<ProcessId> order = group.members;
  std::stable_sort(order.begin(), order.end(), [&](ProcessId a, ProcessId b) {
    return processes.at(a).settings().priority < processes.at(b).settings().priority;
  });
  std::reverse(order.begin(), order.end());
  return order;
}

std::vector<ProcessId> Unstopped(const GroupRecord& group, const ProcessTable& processes) {
  std::vector<ProcessId> unstopped;
  for (ProcessId id : group.members) {
    if (!IsStoppedState(processes.at(id).state())) unstopped.push_back(id);
  }
  return unstopped;
}

bool HasUnstopped(const GroupRecord& group, const ProcessTable& processes) {
  return std::any_of(group.members.begin(), group.members.end(),
                     [&](ProcessId id) { return !IsStoppedState(processes.at(id).state()); });
}

std::vector<const GroupRecord*> ByPriority(const std::vector<GroupRecord>& groups) {
  std::vector<const GroupRecord*> sorted;
  sorted.reserve(groups.size());
  for (const GroupRecord& group : groups) sorted.push_back(&group);
  std::stable_sort(sorted.begin(), sorted.end(), [](const GroupRecord* a, const GroupRecord* b) {
    return a->priority < b->priority;
  });
  return sorted;
}

}  // namespace svc::runtime::core
