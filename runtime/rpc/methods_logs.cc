// The log methods: readLog, clearLog, readProcess*Log, tailProcess*Log, clearProcessLogs,
// clearAllProcessLogs, with the offset rules of log_read.h.
#include <sys/stat.h>

#include "runtime/rpc/log_read.h"
#include "runtime/rpc/method_table.h"
#include "runtime/rpc/methods_common.h"
#include "runtime/rpc/names.h"

namespace svc::runtime::rpc::methods {
namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

// NO_FILE alone when there is no log, "NO_FILE: <path>" when the file is missing.
std::optional<Fault> MissingLog(const std::string& path) {
  if (path.empty()) return MakeFault(FaultCode::kNoFile);
  if (!Exists(path)) return MakeFault(FaultCode::kNoFile, path);
  return std::nullopt;
}

Reply Read(const std::string& path, const Array& params, std::size_t first) {
  if (auto missing = MissingLog(path)) return Reply::Error(*missing);
  auto data = ReadLogFile(path, params[first].as_int(), params[first + 1].as_int());
  if (!data) return Reply::Error(MakeFault(data.error()));
  return Reply::Done(std::move(*data));
}

tl::expected<core::ProcessId, Fault> OneProcess(Backend& backend, const std::string& name) {
  auto target = LookUp(backend.core(), name);
  if (!target) return tl::unexpected(target.error());
  if (!target->process) return tl::unexpected(MakeFault(FaultCode::kBadName, name));
  return *target->process;
}

Reply ReadProcess(MethodContext& ctx, const Array& params, bool stderr_channel) {
  auto id = OneProcess(ctx.backend, params[0].as_string());
  if (!id) return Reply::Error(id.error());
  return Read(ctx.backend.ChildLogPath(*id, stderr_channel), params, 1);
}

Reply TailProcess(MethodContext& ctx, const Array& params, bool stderr_channel) {
  auto id = OneProcess(ctx.backend, params[0].as_string());
  if (!id) return Reply::Error(id.error());
  std::string path = ctx.backend.ChildLogPath(*id, stderr_channel);
  if (path.empty() || !Exists(path)) return Reply::Done(Array{"", 0, false});
  TailResult tail = TailLogFile(path, params[1].as_int(), params[2].as_int());
  return Reply::Done(Array{std::move(tail.data), tail.offset, tail.overflow});
}

}  // namespace

Reply ReadLog(MethodContext& ctx, const Array& params) {
  return Read(ctx.backend.MainLogPath(), params, 0);
}

Reply ClearLog(MethodContext& ctx, const Array&) {
  std::string path = ctx.backend.MainLogPath();
  if (path.empty() || !Exists(path)) return Reply::Error(MakeFault(FaultCode::kNoFile));
  if (!ctx.backend.ClearMainLog()) return Reply::Error(MakeFault(FaultCode::kFailed));
  return Reply::Done(true);
}

Reply ReadProcessStdoutLog(MethodContext& ctx, const Array& params) {
  return ReadProcess(ctx, params, false);
}

Reply ReadProcessStderrLog(MethodContext& ctx, const Array& params) {
  return ReadProcess(ctx, params, true);
}

Reply TailProcessStdoutLog(MethodContext& ctx, const Array& params) {
  return TailProcess(ctx, params, false);
}

Reply TailProcessStderrLog(MethodContext& ctx, const Array& params) {
  return TailProcess(ctx, params, true);
}

Reply ClearProcessLogs(MethodContext& ctx, const Array& params) {
  const std::string& name = params[0].as_string();
  auto id = OneProcess(ctx.backend, name);
  if (!id) return Reply::Error(id.error());
  if (!ctx.backend.ClearChildLogs(*id)) return Reply::Error(MakeFault(FaultCode::kFailed, name));
  return Reply::Done(true);
}

// 4.2.5 clears one process per 0.05 s tick; svc clears them all at once, in the same order.
Reply ClearAllProcessLogs(MethodContext& ctx, const Array&) {
  Array results;
  for (const Member& m : AllProcesses(ctx.backend.core(), false)) {
    Result r = Value(true);
    if (!ctx.backend.ClearChildLogs(m.id)) {
      r = tl::unexpected(MakeFault(FaultCode::kFailed, MakeNamespec(m.group, m.name)));
    }
    results.push_back(ResultStruct(m, r));
  }
  return Reply::Done(std::move(results));
}

}  // namespace svc::runtime::rpc::methods
