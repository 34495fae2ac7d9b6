#include "runtime/rpc/names.h"

namespace svc::runtime::rpc {

NameSpec SplitNamespec(std::string_view namespec) {
  std::size_t colon = namespec.find(':');
  if (colon == std::string_view::npos) {
    return {std::string(namespec), std::string(namespec)};
  }
  NameSpec spec{std::string(namespec.substr(0, colon)), std::nullopt};
  std::string_view process = namespec.substr(colon + 1);
  if (!process.empty() && process != "*") spec.process = std::string(process);
  return spec;
}

std::string MakeNamespec(std::string_view group, std::string_view name) {
  if (group == name) return std::string(name);
  return std::string(group) + ":" + std::string(name);
}

tl::expected<Target, Fault> LookUp(const core::SupervisorCore& core, std::string_view namespec) {
  NameSpec spec = SplitNamespec(namespec);
  const core::GroupRecord* group = core.FindGroup(spec.group);
  if (group == nullptr) return tl::unexpected(MakeFault(FaultCode::kBadName, namespec));
  if (!spec.process) return Target{group, std::nullopt};
  auto id = core.Find(spec.group, *spec.process);
  if (!id) return tl::unexpected(MakeFault(FaultCode::kBadName, namespec));
  return Target{group, *id};
}

}  // namespace svc::runtime::rpc
