// The `description` of getProcessInfo, shown by `supervisorctl status` and the web UI
// (rpcinterface._interpretProcessInfo): "pid 12, uptime 0:00:05", spawn errors, stop times.
#pragma once

#include <cstdint>
#include <ctime>
#include <functional>
#include <string>

#include "runtime/core/process_machine.h"
#include "runtime/core/types.h"

namespace svc::runtime::core {

// Formats epoch seconds as local time for STOPPED/EXITED. The daemon passes one built on
// localtime_r + FormatStopTime; tests pass a fixed one, so the core never reads the zone.
using LocalTimeFormatter = std::function<std::string(int64_t epoch_seconds)>;

std::string Describe(const ProcessMachine& process, Time now, const LocalTimeFormatter& local);

// xmlrpc.capped_int: truncates toward zero and clamps to the XML-RPC int range (Y2038 quirk).
int64_t CappedInt(Time value);

// Python's str(timedelta(seconds=s)) for s >= 0: "0:00:05", "1 day, 2:03:04", "3 days, 0:00:01".
std::string FormatUptime(int64_t seconds);

// strftime("%b %d %I:%M %p") in the C locale: "Nov 24 03:40 PM".
std::string FormatStopTime(const std::tm& local);

}  // namespace svc::runtime::core
