// The log files of supervised processes: one RotatingFile per process and channel, kept across
// restarts of the process, with supervisord's AUTO naming in childlogdir, and the start-up
// cleanup of old AUTO logs.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/io/rotating_file.h"
#include "schema/plan.h"

namespace svc::runtime {

class ChildLogs {
 public:
  // Creates (AUTO: mkstemp in childlogdir) and opens the log files of the plan's processes
  // that have none yet, as supervisord does when a group is added, and closes those of
  // processes no longer in the plan. Files of processes that stay are kept (an added or
  // removed group leaves the others' AUTO logs alone). Problems are appended to `errors`.
  // `closing` sees each file about to be closed, while it still exists.
  void Prepare(const plan::Supervisord& settings, const std::vector<plan::Process>& processes,
               std::string& errors,
               const std::function<void(const io::RotatingFile&)>& closing = {});
  // The file of "group:name" stdout or stderr; null for NONE.
  io::RotatingFile* Find(const std::string& namespec, bool stderr_channel);
  void ReopenAll();  // SIGUSR2

 private:
  // childlogdir and identifier, kept once for all the AUTO paths made with them.
  struct AutoDir {
    std::string childlogdir;
    std::string identifier;
  };
  // A process's files. On the heap, so it never moves: captures keep pointers to the files, and
  // the files of AUTO logs keep one to the entry, which derives their paths (PathSource) from
  // the name, the channel and mkstemp's six characters instead of holding two long paths.
  struct Entry {
    std::string namespec;  // "group:name"
    const AutoDir* dir = nullptr;
    uint32_t name_at = 0;  // where the name begins in namespec
    char out_tag[6] = {};  // mkstemp's XXXXXX of an AUTO stdout log (no NUL)
    char err_tag[6] = {};
    std::optional<io::RotatingFile> out, err;
  };
  static bool Before(const std::unique_ptr<Entry>& entry, const std::string& namespec);
  static std::string AutoOutPath(const void* entry);
  static std::string AutoErrPath(const void* entry);
  void Open(const plan::Process& p, bool stderr_channel, Entry& entry, std::string& errors);
  Entry* FindEntry(const std::string& namespec);

  std::vector<std::unique_ptr<AutoDir>> dirs_;   // the last one is the current settings'
  std::vector<std::unique_ptr<Entry>> entries_;  // sorted by namespec
};

// Deletes old AUTO logs of this identifier in childlogdir (supervisord's clear_autochildlogdir).
// svcd runs it only once it knows it is the only instance (quirk 16 fixed). Returns a count.
int CleanupAutoLogs(const std::string& childlogdir, const std::string& identifier);

}  // namespace svc::runtime
