// The log files of supervised processes: one RotatingFile per process and channel, kept across
// restarts of the process, with supervisord's AUTO naming in childlogdir, and the start-up
// cleanup of old AUTO logs.
#pragma once

#include <map>
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
  void Prepare(const plan::Supervisord& settings, const std::vector<plan::Process>& processes,
               std::string& errors);
  // The file of "group:name" stdout or stderr; null for NONE.
  io::RotatingFile* Find(const std::string& namespec, bool stderr_channel);
  void ReopenAll();  // SIGUSR2

 private:
  // In the map node itself: a node never moves, so captures may keep pointers to the files.
  struct Pair {
    std::optional<io::RotatingFile> out, err;
  };
  std::map<std::string, Pair> files_;  // by namespec
};

// Deletes old AUTO logs of this identifier in childlogdir (supervisord's clear_autochildlogdir).
// svcd runs it only once it knows it is the only instance (quirk 16 fixed). Returns a count.
int CleanupAutoLogs(const std::string& childlogdir, const std::string& identifier);

}  // namespace svc::runtime
