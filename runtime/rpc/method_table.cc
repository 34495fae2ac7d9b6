#include "runtime/rpc/method_table.h"

#include <algorithm>

namespace svc::runtime::rpc {

using namespace methods;  // NOLINT: the table names every handler

const std::vector<MethodRow>& MethodTable() {
  // Aliases (getVersion, readMainLog, readProcessLog, tailProcessLog, clearProcessLog) are
  // rows of their own, as 4.2.5 publishes them.
  static const std::vector<MethodRow> kTable = [] {
    std::vector<MethodRow> rows = {
        {"supervisor.addProcessGroup", AddProcessGroup, "s", 1, true},
        {"supervisor.clearAllProcessLogs", ClearAllProcessLogs, "", 0, true},
        {"supervisor.clearLog", ClearLog, "", 0, true},
        {"supervisor.clearProcessLog", ClearProcessLogs, "s", 1, true},
        {"supervisor.clearProcessLogs", ClearProcessLogs, "s", 1, true},
        {"supervisor.getAPIVersion", GetAPIVersion, "", 0, true},
        {"supervisor.getAllConfigInfo", GetAllConfigInfo, "", 0, true},
        {"supervisor.getAllProcessInfo", GetAllProcessInfo, "", 0, true},
        {"supervisor.getIdentification", GetIdentification, "", 0, true},
        {"supervisor.getPID", GetPID, "", 0, true},
        {"supervisor.getProcessInfo", GetProcessInfo, "s", 1, true},
        {"supervisor.getState", GetState, "", 0, true},
        {"supervisor.getSupervisorVersion", GetSupervisorVersion, "", 0, true},
        {"supervisor.getVersion", GetAPIVersion, "", 0, true},
        {"supervisor.readLog", ReadLog, "ii", 2, true},
        {"supervisor.readMainLog", ReadLog, "ii", 2, true},
        {"supervisor.readProcessLog", ReadProcessStdoutLog, "sii", 3, true},
        {"supervisor.readProcessStderrLog", ReadProcessStderrLog, "sii", 3, true},
        {"supervisor.readProcessStdoutLog", ReadProcessStdoutLog, "sii", 3, true},
        {"supervisor.reloadConfig", ReloadConfig, "", 0, true},
        {"supervisor.removeProcessGroup", RemoveProcessGroup, "s", 1, true},
        {"supervisor.restart", Restart, "", 0, true},
        {"supervisor.sendProcessStdin", SendProcessStdin, "s*", 2, true},
        {"supervisor.sendRemoteCommEvent", SendRemoteCommEvent, "**", 2, false},
        {"supervisor.shutdown", Shutdown, "", 0, true},
        {"supervisor.signalAllProcesses", SignalAllProcesses, "*", 1, false},
        {"supervisor.signalProcess", SignalProcess, "s*", 2, true},
        {"supervisor.signalProcessGroup", SignalProcessGroup, "s*", 2, false},
        {"supervisor.startAllProcesses", StartAllProcesses, "b", 0, true},
        {"supervisor.startProcess", StartProcess, "sb", 1, true},
        {"supervisor.startProcessGroup", StartProcessGroup, "sb", 1, true},
        {"supervisor.stopAllProcesses", StopAllProcesses, "b", 0, true},
        {"supervisor.stopProcess", StopProcess, "sb", 1, true},
        {"supervisor.stopProcessGroup", StopProcessGroup, "sb", 1, true},
        {"supervisor.tailProcessLog", TailProcessStdoutLog, "sii", 3, true},
        {"supervisor.tailProcessStderrLog", TailProcessStderrLog, "sii", 3, true},
        {"supervisor.tailProcessStdoutLog", TailProcessStdoutLog, "sii", 3, true},
        {"system.listMethods", ListMethods, "", 0, false},
        {"system.methodHelp", MethodHelp, "s", 1, false},
        {"system.methodSignature", MethodSignature, "s", 1, false},
        {"system.multicall", Multicall, "a", 1, false},
    };
    std::sort(rows.begin(), rows.end(),
              [](const MethodRow& a, const MethodRow& b) { return a.name < b.name; });
    return rows;
  }();
  return kTable;
}

const MethodRow* FindMethod(std::string_view name) {
  const auto& table = MethodTable();
  auto it = std::lower_bound(table.begin(), table.end(), name,
                             [](const MethodRow& row, std::string_view n) { return row.name < n; });
  if (it == table.end() || it->name != name) return nullptr;
  return &*it;
}

}  // namespace svc::runtime::rpc
