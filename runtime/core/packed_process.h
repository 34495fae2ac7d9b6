// A plan::Process or plan::Group packed into one byte string: what the core keeps of each. A
// plan::Process is over 800 bytes (a plan::Group 272) even when most strings are empty; packed,
// a typical program takes about 130 bytes. Unpacked on demand (a spawn, an RPC on settings).
#pragma once

#include <string>
#include <string_view>

#include "schema/plan.h"

namespace svc::runtime::core {

// Every field but `origin`, which only the compiler's messages use.
std::string PackProcess(const plan::Process& p);
// The inverse of PackProcess; `packed` must come from it.
plan::Process UnpackProcess(const std::string& packed);
// The process's name and group, read from the front of `packed` without unpacking the rest.
std::string_view PackedProcessName(const std::string& packed);
std::string_view PackedProcessGroup(const std::string& packed);

std::string PackGroup(const plan::Group& g);
plan::Group UnpackGroup(const std::string& packed);

}  // namespace svc::runtime::core
