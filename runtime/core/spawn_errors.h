// The spawnerr texts of supervisord 4.2.5's spawn() (process.py, options.check_execv_args),
// one row per failure, so runtime/os reports pre-exec failures with the exact wording.
#pragma once

#include <string>
#include <string_view>

namespace svc::runtime::core {

enum class SpawnFailure {
  kCommandEmpty,       // "command is empty"
  kCommandUnparsable,  // "can't parse command %r: %s" (subject: command, detail: shlex error)
  kNotFound,           // "can't find command %r"
  kIsDirectory,        // "command at %r is a directory"
  kNotExecutable,      // "command at %r is not executable"
  kNoPermission,       // "no permission to run command %r"
  kTooManyFiles,       // "too many open files to spawn '%s'" (subject: process name)
  kPipeError,          // "unknown error making dispatchers for '%s': %s" (detail: errno name)
  kTooManyProcesses,   // "Too many processes in process table to spawn '%s'"
  kForkError,          // "unknown error during fork for '%s': %s" (detail: errno name)
};

// supervisorctl start maps these onto faults: kNotFound → NO_FILE; the other command checks
// → NOT_EXECUTABLE (rpcinterface.startProcess); the rest only become spawnerr.
std::string SpawnErrorText(SpawnFailure failure, std::string_view subject,
                           std::string_view detail = {});

// Python's repr() of a str: single quotes unless the text holds ' and no ", with escapes.
std::string PythonRepr(std::string_view text);

}  // namespace svc::runtime::core
