// supervisor.xmlrpc.Faults: the fault codes of Supervisor's XML-RPC API (reference §3.2),
// shared by the RPC client and the result-line formatting.
#pragma once

namespace svc::ctl {

// supervisor.xmlrpc.Faults (reference §3.2).
namespace faults {
inline constexpr int kUnknownMethod = 1;
inline constexpr int kIncorrectParameters = 2;
inline constexpr int kBadArguments = 3;
inline constexpr int kShutdownState = 6;
inline constexpr int kBadName = 10;
inline constexpr int kBadSignal = 11;
inline constexpr int kNoFile = 20;
inline constexpr int kNotExecutable = 21;
inline constexpr int kFailed = 30;
inline constexpr int kAbnormalTermination = 40;
inline constexpr int kSpawnError = 50;
inline constexpr int kAlreadyStarted = 60;
inline constexpr int kNotRunning = 70;
inline constexpr int kSuccess = 80;
inline constexpr int kAlreadyAdded = 90;
inline constexpr int kStillRunning = 91;
inline constexpr int kCantReread = 92;
}  // namespace faults

}  // namespace svc::ctl
