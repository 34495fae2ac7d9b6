// Value types every part of the core shares: time enters as a value, processes are handles.
#pragma once

#include <cstdint>

namespace svc::runtime::core {

// Wall-clock seconds since the Unix epoch, like supervisord's time.time(): laststart and
// laststop are reported over XML-RPC as epoch seconds, and libev's ev_tstamp is a double too.
// The core never reads a clock; every input carries `now`.
using Time = double;

// Stable handle of one process inside a SupervisorCore. Never reused, even after its group is
// removed, so a late report about an old process cannot reach a new one.
enum class ProcessId : uint32_t {};

}  // namespace svc::runtime::core
