// errno numbers → names as Python's errno.errorcode spells them (Linux), which is how
// supervisord prints OS errors in spawnerr and child messages ("couldn't exec x: ENOENT").
#pragma once

#include <string>

namespace svc::runtime::os {

// "ENOENT" for 2, "EDEADLOCK" for 35, "ENOTSUP" for 95; nullptr for a number Python does not
// name. A static table lookup: async-signal-safe, so a forked child may call it.
const char* ErrnoName(int error_number);

// errno.errorcode.get(code, code): the name, else the number in decimal.
std::string ErrnoText(int error_number);

}  // namespace svc::runtime::os
