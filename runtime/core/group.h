// A process group as the core holds it (ProcessGroup of process.py): the plan's group and its
// members in start order, plus the process table, the stop order and the "unstopped" view
// shutdown needs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include "runtime/core/packed_process.h"
#include "runtime/core/process_machine.h"
#include "runtime/core/types.h"
#include "schema/plan.h"

namespace svc::runtime::core {

// A group's members: Insert numbers a group's processes together, so they are consecutive ids
// in plan member order, kept as a range instead of a vector (a heap block per group).
class MemberIds {
 public:
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = ProcessId;
    using difference_type = std::ptrdiff_t;
    using pointer = const ProcessId*;
    using reference = ProcessId;
    Iterator() = default;
    explicit Iterator(uint32_t id) : id_(id) {}
    ProcessId operator*() const { return static_cast<ProcessId>(id_); }
    Iterator& operator++() {
      ++id_;
      return *this;
    }
    Iterator operator++(int) { return Iterator(id_++); }
    bool operator==(const Iterator&) const = default;

   private:
    uint32_t id_ = 0;
  };

  MemberIds() = default;
  MemberIds(ProcessId first, uint32_t count)
      : first_(static_cast<uint32_t>(first)), count_(count) {}
  Iterator begin() const { return Iterator(first_); }
  Iterator end() const { return Iterator(first_ + count_); }
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  ProcessId operator[](std::size_t i) const { return static_cast<ProcessId>(first_ + i); }
  ProcessId front() const { return static_cast<ProcessId>(first_); }
  bool Contains(ProcessId id) const { return static_cast<uint32_t>(id) - first_ < count_; }

 private:
  uint32_t first_ = 0;
  uint32_t count_ = 0;
};

// The core's processes, in a vector sorted by id: ids only grow, so appending keeps the order,
// and removing a group erases its consecutive machines. A std::map cost a heap node per
// process. Appending or erasing moves machines: pointers to them are valid until then.
class ProcessTable {
 public:
  const ProcessMachine* Find(ProcessId id) const;
  ProcessMachine* Find(ProcessId id) {
    return const_cast<ProcessMachine*>(static_cast<const ProcessTable*>(this)->Find(id));
  }
  const ProcessMachine& at(ProcessId id) const;  // id must exist
  ProcessMachine& at(ProcessId id) {
    return const_cast<ProcessMachine&>(static_cast<const ProcessTable*>(this)->at(id));
  }
  // `machine`'s id must be greater than every id held.
  void Append(ProcessMachine machine);
  void Erase(const MemberIds& members);
  void Reserve(std::size_t count) { machines_.reserve(count); }
  std::size_t size() const { return machines_.size(); }

 private:
  std::vector<ProcessMachine> machines_;
};

// The plan's group is kept packed: with thousands of groups, a plan::Group each was a large
// part of svcd's memory.
struct GroupRecord {
  std::string name;
  int64_t priority = 999;
  std::string packed;  // PackGroup of the plan's group
  MemberIds members;   // plan member order: transition and start order
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
