// A plan::Process packed into one byte string: what the core keeps of each process. A
// plan::Process is over 800 bytes even when most of its strings are empty; packed, a typical
// program takes 100-200 bytes. Unpacked on demand (a spawn, an RPC that reports settings).
#pragma once

#include <string>

#include "schema/plan.h"

namespace svc::runtime::core {

// Every field but `origin`, which only the compiler's messages use.
std::string PackProcess(const plan::Process& p);
// The inverse of PackProcess; `packed` must come from it.
plan::Process UnpackProcess(const std::string& packed);

}  // namespace svc::runtime::core
