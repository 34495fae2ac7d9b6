#include "runtime/core/group.h"

#include <algorithm>
#include <utility>

#include "runtime/core/check.h"

namespace svc::runtime::core {

const ProcessMachine* ProcessTable::Find(ProcessId id) const {
  // Ids are dense until a group is removed: the id's offset from the first is usually its slot.
  if (!machines_.empty()) {
    const auto slot = static_cast<std::size_t>(static_cast<uint32_t>(id) -
                                               static_cast<uint32_t>(machines_.front().id()));
    if (slot < machines_.size() && machines_[slot].id() == id) return &machines_[slot];
  }
  auto it = std::lower_bound(
      machines_.begin(), machines_.end(), id,
      [](const ProcessMachine& machine, ProcessId key) { return machine.id() < key; });
  return it != machines_.end() && it->id() == id ? &*it : nullptr;
}

const ProcessMachine& ProcessTable::at(ProcessId id) const {
  const ProcessMachine* found = Find(id);
  SVC_CORE_CHECK(found != nullptr);
  return *found;
}

void ProcessTable::Append(ProcessMachine machine) {
  SVC_CORE_CHECK(machines_.empty() || machines_.back().id() < machine.id());
  machines_.push_back(std::move(machine));
}

void ProcessTable::Erase(const MemberIds& members) {
  if (members.empty()) return;
  auto first = std::lower_bound(
      machines_.begin(), machines_.end(), members.front(),
      [](const ProcessMachine& machine, ProcessId key) { return machine.id() < key; });
  auto last = first;
  for (ProcessId id : members) {
    SVC_CORE_CHECK(last != machines_.end() && last->id() == id);
    ++last;
  }
  machines_.erase(first, last);
}

std::vector<ProcessId> StopOrder(const GroupRecord& group, const ProcessTable& processes) {
  std::vector<ProcessId> order(group.members.begin(), group.members.end());
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
