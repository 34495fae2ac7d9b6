// The XML-RPC methods svcd publishes: one row per method (name, handler, parameters, whether it
// refuses to run during shutdown). system.listMethods lists these rows; methodHelp and
// methodSignature read the docstrings of method_docs.cc.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "runtime/rpc/backend.h"
#include "runtime/rpc/reply.h"

namespace svc::runtime::rpc {

struct MethodContext {
  Backend& backend;
  // The configuration reloadConfig read and addProcessGroup / getAllConfigInfo use; empty:
  // the running plan.
  std::optional<plan::Plan> pending_plan;
  // Calls another method by name, as traverse() does (system.multicall).
  std::function<Reply(std::string_view method, const Array& params)> invoke;
};

using Handler = Reply (*)(MethodContext& ctx, const Array& params);

// The pending configuration, or else the running one, copied into `running`.
inline const plan::Plan& ConfigPlan(const MethodContext& ctx, std::optional<plan::Plan>& running) {
  if (ctx.pending_plan) return *ctx.pending_plan;
  running = ctx.backend.FullPlan();
  return *running;
}

// Parameter kinds, one letter each: s string, i int, b boolean (ints too: Python truthiness),
// a array, * any.
struct MethodRow {
  std::string_view name;
  Handler handler;
  std::string_view params;  // e.g. "sb"
  std::size_t required;     // leading params without a default
  bool checks_mood;         // rpcinterface._update: SHUTDOWN_STATE once shutdown began
};

// Sorted by name.
const std::vector<MethodRow>& MethodTable();
const MethodRow* FindMethod(std::string_view name);

// Handlers, grouped by file.
namespace methods {
// methods_info.cc
Reply GetAPIVersion(MethodContext&, const Array&);
Reply GetSupervisorVersion(MethodContext&, const Array&);
Reply GetIdentification(MethodContext&, const Array&);
Reply GetState(MethodContext&, const Array&);
Reply GetPID(MethodContext&, const Array&);
Reply GetProcessInfo(MethodContext&, const Array&);
Reply GetAllProcessInfo(MethodContext&, const Array&);
Reply GetAllConfigInfo(MethodContext&, const Array&);
// methods_control.cc
Reply StartProcess(MethodContext&, const Array&);
Reply StartProcessGroup(MethodContext&, const Array&);
Reply StartAllProcesses(MethodContext&, const Array&);
Reply StopProcess(MethodContext&, const Array&);
Reply StopProcessGroup(MethodContext&, const Array&);
Reply StopAllProcesses(MethodContext&, const Array&);
// methods_signal.cc
Reply SignalProcess(MethodContext&, const Array&);
Reply SignalProcessGroup(MethodContext&, const Array&);
Reply SignalAllProcesses(MethodContext&, const Array&);
// methods_logs.cc
Reply ReadLog(MethodContext&, const Array&);
Reply ClearLog(MethodContext&, const Array&);
Reply ReadProcessStdoutLog(MethodContext&, const Array&);
Reply ReadProcessStderrLog(MethodContext&, const Array&);
Reply TailProcessStdoutLog(MethodContext&, const Array&);
Reply TailProcessStderrLog(MethodContext&, const Array&);
Reply ClearProcessLogs(MethodContext&, const Array&);
Reply ClearAllProcessLogs(MethodContext&, const Array&);
// methods_admin.cc
Reply Shutdown(MethodContext&, const Array&);
Reply Restart(MethodContext&, const Array&);
Reply SendProcessStdin(MethodContext&, const Array&);
Reply SendRemoteCommEvent(MethodContext&, const Array&);
Reply ReloadConfig(MethodContext&, const Array&);
Reply AddProcessGroup(MethodContext&, const Array&);
Reply RemoveProcessGroup(MethodContext&, const Array&);
// methods_system.cc
Reply ListMethods(MethodContext&, const Array&);
Reply MethodHelp(MethodContext&, const Array&);
Reply MethodSignature(MethodContext&, const Array&);
Reply Multicall(MethodContext&, const Array&);
}  // namespace methods

}  // namespace svc::runtime::rpc
