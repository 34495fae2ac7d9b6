// SupervisorCore's groups: building them from a plan, adding and removing them at runtime
// (supervisord.add_process_group / remove_process_group).
#include <algorithm>
#include <string_view>
#include <utility>

#include "runtime/core/supervisor_core.h"

namespace svc::runtime::core {
namespace {

const plan::Process* FindPlanProcess(const std::vector<plan::Process>& processes,
                                     std::string_view group, std::string_view name) {
  for (const plan::Process& p : processes) {
    if (p.group == group && p.name == name) return &p;
  }
  return nullptr;
}

GroupFailure Invalid(std::string message) { return {GroupError::kInvalid, std::move(message)}; }

}  // namespace

// All or nothing: a group with one bad member is not added at all.
tl::expected<void, GroupFailure> SupervisorCore::Insert(const plan::Group& group,
                                                        const PlanLookup& find, bool reorder) {
  if (reorder && FindGroup(group.name) != nullptr) {
    return tl::unexpected(GroupFailure{GroupError::kAlreadyAdded, group.name});
  }
  std::vector<std::pair<const plan::Process*, ProcessSettings>> members;
  for (const std::string& member : group.processes) {
    const plan::Process* config = find(group.name, member);
    if (config == nullptr) {
      return tl::unexpected(Invalid("group " + group.name + " names unknown process " + member));
    }
    tl::expected<ProcessSettings, std::string> settings = ResolveSettings(*config);
    if (!settings) return tl::unexpected(Invalid(settings.error()));
    members.emplace_back(config, std::move(*settings));
  }
  const auto first = static_cast<ProcessId>(next_id_);
  for (auto& [config, settings] : members) {
    const auto id = static_cast<ProcessId>(next_id_++);
    processes_.Append(ProcessMachine(id, *config, std::move(settings)));
  }
  GroupRecord record{group.name, group.priority, PackGroup(group),
                     MemberIds(first, static_cast<uint32_t>(members.size()))};
  groups_.push_back(std::move(record));
  if (reorder) RebuildOrder();
  return {};
}

tl::expected<Effects, GroupFailure> SupervisorCore::AddGroup(const plan::Plan& plan,
                                                             std::string_view name, Time now) {
  auto it = std::find_if(plan.groups.begin(), plan.groups.end(),
                         [name](const plan::Group& g) { return g.name == name; });
  if (it == plan.groups.end()) {
    return tl::unexpected(GroupFailure{GroupError::kNoSuchGroup, std::string(name)});
  }
  auto find = [&plan](std::string_view group, std::string_view member) {
    return FindPlanProcess(plan.processes, group, member);
  };
  tl::expected<void, GroupFailure> inserted = Insert(*it, find, /*reorder=*/true);
  if (!inserted) return tl::unexpected(inserted.error());
  Effects out;
  out.emplace_back(GroupEvent{true, it->name});
  Settle(now, out);  // autostart, as supervisord's next transition() would
  return out;
}

tl::expected<Effects, GroupFailure> SupervisorCore::RemoveGroup(std::string_view name) {
  auto it = std::find_if(groups_.begin(), groups_.end(),
                         [name](const GroupRecord& g) { return g.name == name; });
  if (it == groups_.end()) {
    return tl::unexpected(GroupFailure{GroupError::kNoSuchGroup, std::string(name)});
  }
  if (!Unstopped(*it, processes_).empty()) {
    return tl::unexpected(GroupFailure{GroupError::kStillRunning, std::string(name)});
  }
  // An UNKNOWN process may still own a pid; its exit is then "reaped unknown pid".
  const MemberIds members = it->members;
  std::erase_if(pids_, [&members](const auto& entry) { return members.Contains(entry.second); });
  processes_.Erase(members);
  Effects out;
  out.emplace_back(GroupEvent{false, it->name});
  groups_.erase(it);
  RebuildOrder();
  return out;
}

const GroupRecord* SupervisorCore::FindGroup(std::string_view name) const {
  auto it =
      std::lower_bound(group_index_.begin(), group_index_.end(), name,
                       [](const auto& entry, std::string_view key) { return entry.first < key; });
  return it != group_index_.end() && it->first == name ? &groups_[it->second] : nullptr;
}

std::optional<ProcessId> SupervisorCore::Find(std::string_view group, std::string_view name) const {
  const GroupRecord* record = FindGroup(group);
  if (record == nullptr) return std::nullopt;
  for (ProcessId id : record->members) {
    if (processes_.at(id).name() == name) return id;
  }
  return std::nullopt;
}

}  // namespace svc::runtime::core
